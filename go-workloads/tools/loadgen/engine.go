package main

// Run drives the load on the fastest engine this system has: the epoll
// engine on Linux, goroutines elsewhere (see npm run bench:loadgen). TLS
// always runs on goroutines, each connection a blocking crypto/tls client.
func Run(o Options) Result {
	if o.TLS == nil {
		if res, err, ok := runFastest(o); ok {
			if err != nil {
				fail("%v", err)
			}
			return res
		}
	}
	return runGoroutines(o)
}
