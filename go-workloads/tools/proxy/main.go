// proxy is the data path of cloudrun-local: a reverse proxy on loopback in
// front of a service's instances that keeps Cloud Run's per-instance request
// concurrency, queues the rest in one FIFO queue (429 after -queue-timeout)
// and sends each request to the instance with the fewest in flight. The
// control loop adds, drains and removes instances with JSON lines on stdin and
// reads events (busy, idle, resume, queued, pressure, drained, error, stats) as JSON
// lines on stdout. Closing stdin shuts it down.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type options struct {
	Config
	listen          string
	shutdownTimeout time.Duration
}

func parseFlags(args []string, usage io.Writer) (options, error) {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.SetOutput(usage)
	var o options
	fs.StringVar(&o.listen, "listen", "127.0.0.1:0", "address to listen on")
	fs.IntVar(&o.Concurrency, "concurrency", 80, "most requests in flight to one instance (Cloud Run's maxInstanceRequestConcurrency)")
	fs.DurationVar(&o.QueueTimeout, "queue-timeout", 10*time.Second, "longest a request waits for an instance before a 429")
	fs.BoolVar(&o.ResumeHook, "resume-hook", false, "on an instance's first request in flight, emit resume and hold requests until the resumed command")
	fs.Float64Var(&o.TargetUtilization, "target-utilization", 0, "emit pressure while requests in flight exceed this share of the instances' slots (Cloud Run: 0.6); 0: only queued requests ask for instances")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 10*time.Second, "once stdin closes, how long requests in flight and queued may take to finish")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.Concurrency < 1 || o.Concurrency > 1000:
		return o, fmt.Errorf("-concurrency must be 1..1000, got %d", o.Concurrency)
	case o.TargetUtilization < 0 || o.TargetUtilization > 1:
		return o, fmt.Errorf("-target-utilization must be 0..1, got %v", o.TargetUtilization)
	case o.QueueTimeout <= 0:
		return o, errors.New("-queue-timeout must be positive")
	case o.shutdownTimeout < 0:
		return o, errors.New("-shutdown-timeout must not be negative")
	}
	return o, nil
}

// run is the whole program but for the process: it serves until stdin ends
// or ctx is done, then shuts down gracefully. It returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "proxy: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		fmt.Fprintf(stderr, "proxy: %v\n", err)
		return 1
	}
	ev := newEmitter(stdout)
	defer ev.close()
	p := New(o.Config, ev)
	srv := &http.Server{Handler: p, ErrorLog: log.New(stderr, "proxy: ", 0)}
	ev.emit(event{kind: evListening, s: ln.Addr().String()})

	serving := make(chan error, 1)
	go func() { serving <- srv.Serve(ln) }()
	controlled := make(chan error, 1)
	go func() { controlled <- p.control(stdin) }()

	code := 0
	select {
	case err := <-controlled:
		if err != nil {
			fmt.Fprintf(stderr, "proxy: reading stdin: %v\n", err)
			code = 1
		}
	case err := <-serving:
		fmt.Fprintf(stderr, "proxy: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	p.stopResuming()
	sctx, cancel := context.WithTimeout(context.Background(), o.shutdownTimeout)
	defer cancel()
	if srv.Shutdown(sctx) != nil {
		srv.Close()
	}
	p.closeIdle()
	return code
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
