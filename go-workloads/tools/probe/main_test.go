package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// probe runs a command as main would and returns its exit status, its JSON
// lines decoded, and its stderr.
func probe(t *testing.T, stdin io.Reader, args ...string) (int, []map[string]any, string) {
	t.Helper()
	var stdout, stderr strings.Builder
	code := run(args, stdin, &stdout, &stderr)
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(stdout.String()))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("stdout line %q is not a JSON object: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	return code, lines, stderr.String()
}

func TestBadCommandsAndFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string // in stderr
	}{
		{"no command", nil, 2, "usage: probe"},
		{"unknown command", []string{"wait"}, 2, `unknown command "wait"`},
		{"help", []string{"-h"}, 0, "usage: probe"},
		{"command help", []string{"get", "-h"}, 0, "-max-bytes"},
		{"idle takes no arguments", []string{"idle", "now"}, 2, "unexpected arguments"},
		{"unknown flag", []string{"ready", "-url", "http://127.0.0.1/", "-retries", "3"}, 2, "-retries"},
		{"no url", []string{"ready"}, 2, "-url must be"},
		{"not http", []string{"get", "-url", "https://127.0.0.1/"}, 2, "-url must be"},
		{"bad method", []string{"get", "-url", "http://127.0.0.1/", "-method", "GET /x"}, 2, "not an HTTP method"},
		{"header without a colon", []string{"get", "-url", "http://127.0.0.1/", "-header", "Bearer x"}, 2, "want 'Name: value'"},
		{"header injection", []string{"ready", "-url", "http://127.0.0.1/", "-header", "X-A: 1\r\nX-B: 2"}, 2, "line break"},
		{"Host is the URL's", []string{"get", "-url", "http://127.0.0.1/", "-header", "Host: x"}, 2, "Host comes from -url"},
		{"unquoted header value", []string{"get", "-url", "http://127.0.0.1/", "-header", "X-A:", "1"}, 2, "unexpected arguments"},
		{"bad show-header", []string{"get", "-url", "http://127.0.0.1/", "-show-header", "X Id"}, 2, "not a header name"},
		{"negative max-bytes", []string{"get", "-url", "http://127.0.0.1/", "-max-bytes", "-1"}, 2, "-max-bytes"},
		{"zero timeout", []string{"ready", "-url", "http://127.0.0.1/", "-timeout", "0s"}, 2, "-timeout"},
		{"bad duration", []string{"ready", "-url", "http://127.0.0.1/", "-interval", "soon"}, 2, "-interval"},
		{"cpu takes no arguments", []string{"cpu", "-all"}, 2, "-all"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, lines, stderr := probe(t, strings.NewReader(""), tc.args...)
			if code != tc.wantCode || !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.wantCode, tc.wantErr)
			}
			if len(lines) > 0 {
				t.Errorf("printed %v to stdout", lines)
			}
		})
	}
}

func TestIdleReturnsOnASignal(t *testing.T) {
	sig := make(chan os.Signal, 1)
	done := make(chan int)
	go func() { done <- idle(nil, sig, io.Discard) }()
	select {
	case code := <-done:
		t.Fatalf("returned %d before a signal", code)
	case <-time.After(20 * time.Millisecond):
	}
	sig <- syscall.SIGTERM
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d, want 0", code)
		}
	case <-time.After(time.Second):
		t.Fatal("still idle after SIGTERM")
	}
}
