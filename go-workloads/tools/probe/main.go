// probe runs in gosweep's driver container, beside the workload on the same
// host network, and answers `docker exec` calls with one JSON object a line:
//
//	probe idle    the container's main process: waits for SIGTERM or SIGINT
//	probe ready   polls a URL until a 2xx, a timeout, or stdin closes
//	probe get     one request, its status, time, chosen headers and body
//	probe cpu     the host's CPU jiffies from /proc/stat
//	probe port    a free TCP port on 127.0.0.1
//	probe host    the host's CPU model
//	probe serve   runs the others as JSON lines on stdin ask (the driver's main process)
//
// It is a static binary that needs no files, no shell and no /etc.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage: probe idle
       probe ready -url U [-method M] [-header 'Name: value']... [-body B] [-timeout D] [-interval D] [-request-timeout D] [-exit-with-stdin]
       probe get -url U [-method M] [-header 'Name: value']... [-body B] [-timeout D] [-max-bytes N] [-show-header name]...
       probe cpu
       probe port
       probe host
       probe serve
Run probe COMMAND -h for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches to a command and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	rest := args[1:]
	switch args[0] {
	case "idle":
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT) // PID 1 ignores signals it does not handle
		return idle(rest, sig, stderr)
	case "ready":
		return ready(rest, stdin, stdout, stderr)
	case "get":
		return get(rest, stdout, stderr)
	case "cpu":
		return cpu(rest, stdout, stderr)
	case "port":
		return port(rest, stdout, stderr)
	case "host":
		return host(rest, stdout, stderr)
	case "serve":
		return serve(rest, stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, usage)
		return 0
	}
	fmt.Fprintf(stderr, "probe: unknown command %q\n%s", args[0], usage)
	return 2
}

// idle blocks until a signal arrives on sig.
func idle(args []string, sig <-chan os.Signal, stderr io.Writer) int {
	fs := newFlagSet("idle", stderr)
	if code, ok := parse(fs, args); !ok {
		return code
	}
	<-sig
	return 0
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("probe "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses args into fs; when it fails, or on -h, ok is false and code is
// the exit status (0 for -h, 2 for a bad flag, whose message fs has printed).
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0, false
	case err != nil:
		return 2, false
	case fs.NArg() > 0:
		return badFlags(fs, fmt.Errorf("unexpected arguments %q (quote a -header value with spaces)", fs.Args())), false
	}
	return 0, true
}

// badFlags reports a flag value that parsed but makes no sense, and returns 2.
func badFlags(fs *flag.FlagSet, err error) int {
	fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
	return 2
}

// emit writes v as one JSON line.
func emit(w io.Writer, v any) {
	json.NewEncoder(w).Encode(v)
}
