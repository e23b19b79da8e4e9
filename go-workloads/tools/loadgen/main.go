// loadgen is gosweep's HTTP load generator: closed loop at a fixed number of
// keep-alive connections, or open loop at a fixed arrival rate with latency
// measured from each request's intended send time. It prints one JSON line
// per window edge and a final JSON result with an HDR histogram (µs).
// Plain http runs on an epoll engine; https on a goroutine per connection.
// It sends one request, or with -mix a weighted mix of requests from a JSON
// file in a fixed, smooth order, counted per entry in the result's mixCounts.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

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
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fail("%v", err)
	}
	if o.ExitWithStdin {
		go func() {
			io.Copy(io.Discard, os.Stdin)
			fmt.Fprintln(os.Stderr, "loadgen: stdin closed: the process that started it is gone")
			os.Exit(3)
		}()
	}
	out := json.NewEncoder(os.Stdout)
	o.OnWindow = func(edge string) { out.Encode(map[string]string{"event": "window-" + edge}) }
	res := Run(o)
	out.Encode(struct {
		Event string `json:"event"`
		Result
	}{"result", res})
}
