package main

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// transport is one way to load a test server: an engine over plain http, or https.
type transport struct {
	name  string
	serve func(http.Handler) *httptest.Server
	run   func(Options) Result
	flags []string
}

// transports lists every engine over plain http, then https with -insecure
// against httptest's self-signed certificate.
func transports() []transport {
	var ts []transport
	for _, name := range slices.Sorted(maps.Keys(engines)) {
		ts = append(ts, transport{name, httptest.NewServer, engines[name], nil})
	}
	return append(ts, transport{"https", httptest.NewTLSServer, Run, []string{"-insecure"}})
}

// quickRun loads url for a 200 ms window after a 50 ms warm-up on 2 connections,
// configured by loadgen's own flags.
func quickRun(t *testing.T, run func(Options) Result, url string, rps float64, flags ...string) Result {
	t.Helper()
	args := append([]string{"-url", url, "-connections", "2", "-rps", fmt.Sprint(rps), "-warmup", "50ms", "-duration", "200ms", "-timeout", "1s"}, flags...)
	o, err := parseFlags(args, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return run(o)
}
