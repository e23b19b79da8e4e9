module gosweep/proxy

go 1.25.0
