module gosweep/info

go 1.25
