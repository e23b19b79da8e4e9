module gosweep/workloads

go 1.25
