package main

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Options describe one load run: a warm-up, then a measured window.
type Options struct {
	Addr, Host, Path string
	Method           string   // "" is GET
	Headers          []string // extra request headers, "Name: value"
	Body             []byte
	// Mix, when not empty, is sent instead of Method, Path, Headers and Body,
	// in smooth weighted round-robin order; Result.MixCounts counts it.
	Mix              []MixEntry
	TLS              *tls.Config // non-nil: https, on the goroutine engine; SNI is TLS.ServerName
	CountHeader      string      // a response header whose values are counted; "" counts none
	Connections      int
	RPS              float64 // 0: closed loop
	Warmup, Duration time.Duration
	Timeout          time.Duration
	// OnWindow is called as the measured window starts and ends.
	OnWindow func(edge string)
	// ExitWithStdin: the command exits when its stdin closes, as it does when
	// the process that started it dies (kill -9), instead of loading on.
	ExitWithStdin bool
}

// Errors counts failed requests by kind; none is dropped.
type Errors struct {
	Timeout    int64 `json:"timeout"`
	Connection int64 `json:"connection"`
	HTTP       int64 `json:"http"`
	Other      int64 `json:"other"`
}

// Result is what the TypeScript side reads back.
type Result struct {
	Model          string  `json:"model"`
	Requests       int64   `json:"requests"`
	Successes      int64   `json:"successes"`
	Errors         Errors  `json:"errors"`
	DurationS      float64 `json:"durationS"` // the measured window; requests sent in it count, even if they finish after
	Histogram      string  `json:"histogram"` // HDR V2 compressed, base64, µs
	DriverCPUCores float64 `json:"driverCpuCores"`
	SentInWindow   int64   `json:"sentInWindow"`
	SendLagP99Us   int64   `json:"sendLagP99Us"`
	WindowSeconds  float64 `json:"windowSeconds"`
	GOMAXPROCS     int     `json:"gomaxprocs"`
	// Responses to measured requests by their value of Options.CountHeader.
	HeaderCounts map[string]int64 `json:"headerCounts,omitempty"`
	// With Options.Mix: measured requests per entry, successes and failures,
	// summing to Requests. A request that failed before it was written (no
	// connection, or queued past the timeout) counts under the entry it took.
	MixCounts []int64 `json:"mixCounts,omitempty"`
}

func newHistogram() *hdrhistogram.Histogram { return hdrhistogram.New(1, 600_000_000, 3) }

// recorder is one worker's tally; merged at the end, so workers never share a lock.
type recorder struct {
	h                   *hdrhistogram.Histogram
	requests, successes int64
	errors              Errors
	// Open loop: how late measured requests were written, and how many were.
	sendLag *hdrhistogram.Histogram
	sent    int64
	headers *headerCounts // nil unless counting a response header
	mix     []int64       // measured requests per -mix entry; nil without -mix
}

// timeoutError is a request that waited or ran longer than the timeout.
type timeoutError struct{}

func (*timeoutError) Error() string   { return "request timed out" }
func (*timeoutError) Timeout() bool   { return true }
func (*timeoutError) Temporary() bool { return true }

func (r *recorder) record(from time.Time, status int, err error) {
	now := time.Now()
	r.requests++
	switch {
	case err != nil:
		classify(&r.errors, err)
	case status >= 400:
		r.errors.HTTP++
	default:
		r.successes++
		r.h.RecordValue(max(1, now.Sub(from).Microseconds()))
	}
}

// countEntry counts a measured request of -mix entry i; without -mix, nothing.
func (r *recorder) countEntry(i int32) {
	if r.mix != nil {
		r.mix[i]++
	}
}

// countHeader counts the header a response carried, if it carried it.
func (r *recorder) countHeader(c *headerCapture) {
	if c != nil && c.found {
		r.headers.add(c.value)
	}
}

func classify(e *Errors, err error) {
	var netErr net.Error
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		e.Timeout++
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, new(*net.OpError)):
		e.Connection++
	default:
		e.Other++
	}
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// runGoroutines drives the load with a goroutine per connection; portable, and
// the reference the epoll engine is tested against.
func runGoroutines(o Options) Result {
	// With -mix, each request takes the next of the plan's order, shared by all connections.
	plan := newMixPlan(o)
	var cursor atomic.Uint64
	start := time.Now()
	windowStart := start.Add(o.Warmup)
	windowEnd := windowStart.Add(o.Duration)
	var measuring, stopped atomic.Bool
	req, headers := requestBytes(o), newHeaderCounts(o.CountHeader)
	recs := make([]*recorder, o.Connections)
	for i := range recs {
		recs[i] = &recorder{h: newHistogram(), sendLag: newHistogram(), headers: headers, mix: plan.counts()}
	}
	var wg sync.WaitGroup
	// worker runs loop on a connection of its own until loop returns.
	worker := func(loop func(c *conn)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := newConn(o, req)
			defer c.close()
			loop(c)
		}()
	}
	if o.RPS <= 0 {
		for _, rec := range recs {
			worker(func(c *conn) {
				for !stopped.Load() {
					measured := measuring.Load()
					var entry int32
					if plan != nil {
						c.req, entry = plan.next(&cursor)
					}
					sentAt := time.Now()
					status, err := c.do(sentAt, o.Timeout)
					if measured {
						rec.record(sentAt, status, err)
						rec.countEntry(entry)
						if err == nil {
							rec.countHeader(c.capture)
						}
					}
					if err != nil {
						time.Sleep(10 * time.Millisecond) // a dead server must not become a busy loop
					}
				}
			})
		}
	} else {
		due := make(chan time.Time, 1<<20)
		for _, rec := range recs {
			worker(func(c *conn) {
				for intended := range due {
					measured := !intended.Before(windowStart)
					var entry int32
					if plan != nil {
						c.req, entry = plan.next(&cursor)
					}
					sentAt := time.Now()
					if sentAt.Sub(intended) > o.Timeout {
						if measured {
							rec.record(intended, 0, &timeoutError{}) // waited for a connection past the timeout
							rec.countEntry(entry)
						}
						continue
					}
					if measured {
						rec.sendLag.RecordValue(max(1, sentAt.Sub(intended).Microseconds()))
						rec.sent++
					}
					status, err := c.do(sentAt, o.Timeout)
					if measured {
						// Latency counts from the intended send time: time spent queued behind
						// a stalled server is the server's, not hidden (coordinated omission).
						rec.record(intended, status, err)
						rec.countEntry(entry)
						if err == nil {
							rec.countHeader(c.capture)
						}
					}
				}
			})
		}
		go func() {
			defer close(due)
			interval := float64(time.Second) / o.RPS
			for i := 0; ; i++ {
				intended := start.Add(time.Duration(float64(i) * interval))
				if !intended.Before(windowEnd) {
					return
				}
				if d := time.Until(intended); d > 0 {
					time.Sleep(d)
				}
				due <- intended
			}
		}()
	}

	time.Sleep(time.Until(windowStart))
	if o.OnWindow != nil {
		o.OnWindow("start")
	}
	cpuStart, wallStart := cpuSeconds(), time.Now()
	measuring.Store(true)
	time.Sleep(time.Until(windowEnd))
	measuring.Store(false)
	stopped.Store(true)
	// The generator's CPU over the window itself, not the drain after it.
	cores := (cpuSeconds() - cpuStart) / time.Since(wallStart).Seconds()
	wg.Wait()
	if o.OnWindow != nil {
		o.OnWindow("end")
	}

	merged, sendLag := newHistogram(), newHistogram()
	res := Result{Model: "closed", WindowSeconds: o.Duration.Seconds(), DurationS: o.Duration.Seconds(), MixCounts: plan.counts()}
	for _, r := range recs {
		sendLag.Merge(r.sendLag)
		res.SentInWindow += r.sent
		merged.Merge(r.h)
		res.Requests += r.requests
		res.Successes += r.successes
		res.Errors.Timeout += r.errors.Timeout
		res.Errors.Connection += r.errors.Connection
		res.Errors.HTTP += r.errors.HTTP
		res.Errors.Other += r.errors.Other
		for i, n := range r.mix {
			res.MixCounts[i] += n
		}
	}
	res.DriverCPUCores = cores
	res.GOMAXPROCS = runtime.GOMAXPROCS(0)
	if o.RPS > 0 {
		res.Model = "open"
		res.SendLagP99Us = sendLag.ValueAtQuantile(99)
	}
	res.Histogram = encode(merged)
	res.HeaderCounts = headers.counts()
	return res
}
