module gosweep/workloads

go 1.25

require (
	github.com/KimMachineGun/automemlimit v1.0.1
	github.com/aws/aws-lambda-go v1.54.0
	go.uber.org/automaxprocs v1.6.0
	gosweep/info v0.0.0
)

require github.com/pbnjay/memory v0.0.0-20210728143218-7b4eea64cf58 // indirect

// The info contract is a module of its own so that any service can require
// it; this module takes it from its folder info/.
replace gosweep/info => ./info
