//go:build linux

package main

func runFastest(o Options) (Result, error, bool) {
	res, err := runEpoll(o)
	return res, err, true
}
