package main

// Run drives the load on the fastest engine this system has: the epoll
// engine on Linux, goroutines elsewhere (see npm run bench:loadgen).
func Run(o Options) Result {
	if res, err, ok := runFastest(o); ok {
		if err != nil {
			fail("%v", err)
		}
		return res
	}
	return runGoroutines(o)
}
