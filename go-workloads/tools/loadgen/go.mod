module gosweep/loadgen

go 1.25.0

require (
	github.com/HdrHistogram/hdrhistogram-go v1.4.0
	golang.org/x/sys v0.47.0
)
