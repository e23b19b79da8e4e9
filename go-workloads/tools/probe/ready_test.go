package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// statusServer answers with statuses in turn, the last one from then on, and
// records each request's method, body and connection.
type statusServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // "METHOD body"
	conns    map[string]bool
}

func newStatusServer(t *testing.T, statuses ...int) *statusServer {
	s := &statusServer{conns: map[string]bool{}}
	var n atomic.Int64
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+string(body)+" "+r.Header.Get("X-Probe"))
		s.conns[r.RemoteAddr] = true
		s.mu.Unlock()
		i := min(int(n.Add(1))-1, len(statuses)-1)
		w.WriteHeader(statuses[i])
		io.WriteString(w, "some body")
	}))
	t.Cleanup(s.Close)
	return s
}

func TestReady(t *testing.T) {
	tests := []struct {
		name      string
		statuses  []int
		args      []string
		wantEvent string
		wantCalls int // 0: any number
	}{
		{"503 twice then 200", []int{503, 503, 200}, nil, "ready", 3},
		{"any 2xx", []int{404, 204}, nil, "ready", 2},
		{"always 503", []int{503}, []string{"-timeout", "50ms"}, "timeout", 0},
		{"a 3xx is not followed", []int{302, 200}, []string{"-timeout", "50ms", "-interval", "1s"}, "timeout", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newStatusServer(t, tc.statuses...)
			args := append([]string{"ready", "-url", srv.URL + "/health", "-method", "POST", "-body", "ping", "-header", "X-Probe: yes"}, tc.args...)
			code, lines, stderr := probe(t, strings.NewReader(""), args...)
			if code != 0 || len(lines) != 2 {
				t.Fatalf("exit %d, printed %v, stderr %q", code, lines, stderr)
			}
			if lines[0]["event"] != "polling" || lines[1]["event"] != tc.wantEvent {
				t.Fatalf("printed %v, want polling then %s", lines, tc.wantEvent)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			calls := len(srv.requests)
			if tc.wantCalls != 0 && calls != tc.wantCalls || calls == 0 {
				t.Errorf("%d requests, want %d", calls, tc.wantCalls)
			}
			if len(srv.conns) != calls {
				t.Errorf("%d requests on %d connections, want a new one each", calls, len(srv.conns))
			}
			for _, r := range srv.requests {
				if r != "POST ping yes" {
					t.Fatalf("the server got %q, want POST with the body and header", r)
				}
			}
			if tc.wantEvent != "ready" {
				return
			}
			polling, readyAt, step := lines[0]["wallNs"].(float64), lines[1]["wallNs"].(float64), lines[1]["clockStepNs"].(float64)
			if readyAt < polling || readyAt-polling > float64(5*time.Second) {
				t.Errorf("polling at %.0f, ready at %.0f", polling, readyAt)
			}
			if step < 0 || step > float64(50*time.Millisecond) {
				t.Errorf("clockStepNs %.0f without a clock step", step)
			}
		})
	}
}

func TestReadyStopsWhenStdinCloses(t *testing.T) {
	srv := newStatusServer(t, 503)
	stdin, w := io.Pipe()
	go func() {
		time.Sleep(50 * time.Millisecond)
		w.Close()
	}()
	start := time.Now()
	code, lines, _ := probe(t, stdin, "ready", "-url", srv.URL, "-timeout", "10s", "-exit-with-stdin")
	if code != 0 || len(lines) != 2 || lines[1]["event"] != "stopped" {
		t.Fatalf("exit %d, printed %v, want polling then stopped", code, lines)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopped %v after start", d)
	}
}

func TestReadyIgnoresStdinByDefault(t *testing.T) {
	srv := newStatusServer(t, 503, 200)
	code, lines, _ := probe(t, strings.NewReader(""), "ready", "-url", srv.URL, "-interval", "20ms")
	if code != 0 || len(lines) != 2 || lines[1]["event"] != "ready" {
		t.Fatalf("exit %d, printed %v, want polling then ready", code, lines)
	}
}

func TestReadyBoundsEachAttempt(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			<-r.Context().Done() // the first attempt hangs until the probe gives up on it
			return
		}
	}))
	defer srv.Close()
	code, lines, _ := probe(t, nil, "ready", "-url", srv.URL, "-request-timeout", "50ms", "-timeout", "5s")
	if code != 0 || len(lines) != 2 || lines[1]["event"] != "ready" || n.Load() != 2 {
		t.Fatalf("exit %d, printed %v after %d requests, want ready on the 2nd", code, lines, n.Load())
	}
}
