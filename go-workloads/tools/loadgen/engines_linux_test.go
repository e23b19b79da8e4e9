//go:build linux

package main

func init() {
	engines["epoll"] = func(o Options) Result {
		res, err := runEpoll(o)
		if err != nil {
			panic(err)
		}
		return res
	}
}
