// loadgen is gosweep's HTTP load generator: closed loop at a fixed number of
// keep-alive connections, or open loop at a fixed arrival rate with latency
// measured from each request's intended send time. It prints one JSON line
// per window edge and a final JSON result with an HDR histogram (µs).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// encode is the histogram as HDR V2 compressed base64, which hdr-histogram-js decodes.
func encode(h *hdrhistogram.Histogram) string {
	b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		fail("encoding the histogram: %v", err)
	}
	return string(b)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", args...)
	os.Exit(2)
}

func main() {
	target := flag.String("url", "", "http://127.0.0.1:PORT/path to load")
	connections := flag.Int("connections", 8, "closed loop: connections; open loop: the most open at once")
	rps := flag.Float64("rps", 0, "open-loop arrival rate (requests/s); 0 for closed loop")
	warmup := flag.Duration("warmup", time.Second, "load before the measured window, not recorded")
	duration := flag.Duration("duration", 10*time.Second, "the measured window")
	timeout := flag.Duration("timeout", 2*time.Second, "per-request timeout")
	flag.Parse()

	u, err := url.Parse(*target)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		fail("-url must be http://host:port/path, got %q", *target)
	}
	if *connections < 1 {
		fail("-connections must be at least 1")
	}
	out := json.NewEncoder(os.Stdout)
	res := Run(Options{
		Addr: u.Host, Host: u.Host, Path: u.RequestURI(),
		Connections: *connections, RPS: *rps,
		Warmup: *warmup, Duration: *duration, Timeout: *timeout,
		OnWindow: func(edge string) { out.Encode(map[string]string{"event": "window-" + edge}) },
	})
	out.Encode(struct {
		Event string `json:"event"`
		Result
	}{"result", res})
}
