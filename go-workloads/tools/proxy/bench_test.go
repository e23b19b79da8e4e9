//go:build unix

package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"syscall"
	"testing"
	"time"
)

// BenchmarkProxyRoundTrip is one client's GET round trips straight to an
// instance and through the proxy, everything in this process: the proxy's
// cost is the difference. cpu-µs/op is the process's CPU (user+system) per
// request; allocs/op count the client's and servers' too.
func BenchmarkProxyRoundTrip(b *testing.B) {
	inst := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("hello"))
	}))
	defer inst.Close()
	ev := newEmitter(io.Discard)
	defer ev.close()
	p := New(Config{Concurrency: 80, QueueTimeout: 10 * time.Second}, ev)
	if err := p.add("i1", inst.URL); err != nil {
		b.Fatal(err)
	}
	proxy := httptest.NewServer(p)
	defer proxy.Close()

	for _, bc := range []struct{ name, url string }{{"direct", inst.URL}, {"proxy", proxy.URL}} {
		b.Run(bc.name, func(b *testing.B) {
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
			defer client.CloseIdleConnections()
			roundTrip := func() {
				resp, err := client.Get(bc.url)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			roundTrip() // connect outside the timing
			b.ReportAllocs()
			cpu := cpuTime()
			b.ResetTimer()
			for range b.N {
				roundTrip()
			}
			b.StopTimer()
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
