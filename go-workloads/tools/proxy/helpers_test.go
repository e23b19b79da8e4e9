package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// eventLog collects what the proxy's emitter writes, one decoded line each.
type eventLog struct {
	mu      sync.Mutex
	lines   []map[string]any
	pos     int // next unread by next
	changed chan struct{}
}

// newTestProxy is a proxy serving on an httptest server, its events in the log.
func newTestProxy(t *testing.T, cfg Config) (*Proxy, *httptest.Server, *eventLog) {
	t.Helper()
	if cfg.Concurrency == 0 {
		cfg.Concurrency = 1
	}
	if cfg.QueueTimeout == 0 {
		cfg.QueueTimeout = 30 * time.Second
	}
	pr, pw := io.Pipe()
	ev := newEmitter(pw)
	log := &eventLog{changed: make(chan struct{}, 1)}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Errorf("event %q is not JSON: %v", sc.Bytes(), err)
			}
			log.mu.Lock()
			log.lines = append(log.lines, m)
			log.mu.Unlock()
			select {
			case log.changed <- struct{}{}:
			default:
			}
		}
	}()
	p := New(cfg, ev)
	srv := httptest.NewServer(p)
	t.Cleanup(func() {
		srv.Close()
		ev.close()
		pw.Close()
	})
	return p, srv, log
}

// next is the next event named name after those next returned before; others are skipped.
func (l *eventLog) next(t *testing.T, name string) map[string]any {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		l.mu.Lock()
		for l.pos < len(l.lines) {
			m := l.lines[l.pos]
			l.pos++
			if m["event"] == name {
				l.mu.Unlock()
				return m
			}
		}
		l.mu.Unlock()
		select {
		case <-l.changed:
		case <-deadline:
			t.Fatalf("no %s event within 5s; events: %v", name, l.all())
		}
	}
}

// count is how many events named name arrived so far.
func (l *eventLog) count(name string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.lines {
		if m["event"] == name {
			n++
		}
	}
	return n
}

func (l *eventLog) all() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]map[string]any(nil), l.lines...)
}

// waitUntil polls cond until it holds, failing the test after 5s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// state reads the proxy's counters under its lock.
func (p *Proxy) state() (inFlight, depth int, served, throttled, errors int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.inFlight, p.depth, p.served, p.throttled, p.errors
}

// newInstance is an instance that tags its responses with X-Instance: id.
func newInstance(t *testing.T, id string, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Instance", id)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

var testClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// get does a GET, returning the response with its body read.
func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Error(err)
		return nil, ""
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Error(err)
		return nil, ""
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Error(err)
	}
	return resp, string(b)
}
