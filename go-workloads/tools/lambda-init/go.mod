module gosweep/lambdainit

go 1.24
