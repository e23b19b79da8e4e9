// Package variants holds build-time variants selected with -tags: each file
// blank-imports a library whose init changes the runtime's settings.
//
//	-tags automemlimit  GOMEMLIMIT from the cgroup memory limit (90% by default)
//	-tags automaxprocs  GOMAXPROCS from the cgroup CPU quota (rounded down, minimum 1)
//	-tags pad           an incompressible payload of internal/pad/payload.bin
package variants
