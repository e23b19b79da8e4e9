module gosweep/probe

go 1.25.0
