package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestControl drives the control loop through a pipe, as the control loop
// process does through stdin.
func TestControl(t *testing.T) {
	p, srv, events := newTestProxy(t, Config{Concurrency: 1})
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- p.control(pr) }()
	send := func(format string, args ...any) {
		t.Helper()
		if _, err := fmt.Fprintf(pw, format+"\n", args...); err != nil {
			t.Fatal(err)
		}
	}
	release := make(chan struct{})
	i1 := newInstance(t, "i1", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-release
		}
	})
	i2 := newInstance(t, "i2", func(w http.ResponseWriter, r *http.Request) {})

	// add: requests flow, busy and idle mark the instance's busy period.
	send(`{"cmd":"add","id":"i1","url":%q}`, i1.URL)
	waitUntil(t, "i1 added", func() bool { p.mu.Lock(); defer p.mu.Unlock(); return len(p.insts) == 1 })
	if resp, _ := get(t, srv.URL); resp.Header.Get("X-Instance") != "i1" {
		t.Fatalf("answered by %q, want i1", resp.Header.Get("X-Instance"))
	}
	if ev := events.next(t, "busy"); ev["id"] != "i1" || ev["inFlight"] != 1.0 {
		t.Errorf("busy event %v", ev)
	}
	events.next(t, "idle")

	// drain: nothing new for i1, which drains once its request is done.
	var wg sync.WaitGroup
	wg.Go(func() { get(t, srv.URL+"/slow") })
	events.next(t, "busy")
	send(`{"cmd":"drain","id":"i1"}`)
	var queuedTo string
	wg.Go(func() {
		resp, _ := get(t, srv.URL)
		queuedTo = resp.Header.Get("X-Instance")
	})
	events.next(t, "queued")
	send(`{"cmd":"add","id":"i2","url":%q}`, i2.URL)
	waitUntil(t, "the queued request answered", func() bool { _, _, served, _, _ := p.state(); return served == 2 })
	if events.count("drained") != 0 {
		t.Error("drained with a request in flight")
	}
	close(release)
	wg.Wait()
	if queuedTo != "i2" {
		t.Errorf("the request queued behind the draining i1 went to %q, want i2", queuedTo)
	}
	if ev := events.next(t, "drained"); ev["id"] != "i1" {
		t.Errorf("drained event %v, want i1", ev)
	}

	// remove, a stats line, and commands that cannot be applied.
	send(`{"cmd":"remove","id":"i1"}`)
	send(`{"cmd":"stats"}`)
	var stats struct {
		InFlight, QueueDepth, Served, Throttled, Errors int
		Instances                                       []instanceStats
		QueueWaitUs                                     waitStats
	}
	b, _ := json.Marshal(events.next(t, "stats"))
	if err := json.Unmarshal(b, &stats); err != nil {
		t.Fatal(err)
	}
	if stats.Served != 3 || stats.InFlight != 0 || stats.QueueDepth != 0 || len(stats.Instances) != 1 ||
		stats.Instances[0].ID != "i2" || stats.Instances[0].Served != 1 || stats.QueueWaitUs.Count != 3 || stats.QueueWaitUs.Max == 0 {
		t.Errorf("stats %s, want 3 served, i2 alone with 1, 3 queue waits, one of them not 0", b)
	}
	if resp, _ := get(t, srv.URL); resp.Header.Get("X-Instance") != "i2" {
		t.Errorf("answered by %q, want i2", resp.Header.Get("X-Instance"))
	}
	send(`{"cmd":"stats"}`)
	if ev := events.next(t, "stats"); ev["served"] != 1.0 || ev["instances"].([]any)[0].(map[string]any)["served"] != 1.0 ||
		ev["queueWaitUs"].(map[string]any)["count"] != 1.0 {
		t.Errorf("second stats %v, want 1 served and 1 queue wait since the first", ev)
	}
	for _, bad := range []struct{ line, want string }{
		{`{"cmd":"drain","id":"i9"}`, "no such instance"},
		{`{"cmd":"add","id":"i2","url":"http://127.0.0.1:1"}`, "taken"},
		{`{"cmd":"add","id":"i3","url":"https://127.0.0.1:1"}`, "url must be"},
		{`{"cmd":"jump"}`, "unknown cmd"},
		{`not json`, "not a command"},
	} {
		send("%s", bad.line)
		if ev := events.next(t, "bad-command"); !strings.Contains(ev["error"].(string), bad.want) {
			t.Errorf("%s: %v, want an error saying %q", bad.line, ev, bad.want)
		}
	}

	// a drain with nothing in flight is drained at once; stdin's end ends the loop.
	send(`{"cmd":"drain","id":"i2"}`)
	if ev := events.next(t, "drained"); ev["id"] != "i2" {
		t.Errorf("drained event %v, want i2", ev)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Errorf("control returned %v at the end of its input", err)
	}
}

func TestEventJSON(t *testing.T) {
	tests := []struct {
		ev   event
		want string
	}{
		{event{kind: evListening, s: "127.0.0.1:80"}, `{"event":"listening","addr":"127.0.0.1:80"}`},
		{event{kind: evBusy, id: "i1", n: 1}, `{"event":"busy","id":"i1","inFlight":1}`},
		{event{kind: evIdle, id: "i1"}, `{"event":"idle","id":"i1"}`},
		{event{kind: evResume, id: "i1", n: 7}, `{"event":"resume","id":"i1","seq":7}`},
		{event{kind: evQueued, n: 3}, `{"event":"queued","depth":3}`},
		{event{kind: evDrained, id: "i1"}, `{"event":"drained","id":"i1"}`},
		{event{kind: evError, id: "i1", n: 2, s: "dial: refused"}, `{"event":"error","id":"i1","errors":2,"error":"dial: refused"}`},
		{event{kind: evBadCommand, s: "a \"quote\", a \\, a\ttab, é"}, `{"event":"bad-command","error":"a \"quote\", a \\, a\u0009tab, é"}`},
		{event{kind: evRaw, raw: []byte(`{"event":"stats"}`)}, `{"event":"stats"}`},
	}
	for _, tc := range tests {
		got := string(tc.ev.appendJSON(nil))
		if got != tc.want+"\n" {
			t.Errorf("got %s, want %s", got, tc.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("%s is not JSON", got)
		}
	}
}
