package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

type served struct {
	ID     int             `json:"id"`
	Out    json.RawMessage `json:"out"`
	Exit   *int            `json:"exit"`
	Stderr string          `json:"stderr"`
}

func TestServeRunsCommandsAtOnceAndStopsOne(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int)
	go func() { done <- serve(nil, inR, outW, io.Discard); outW.Close() }()
	lines := bufio.NewScanner(outR)
	next := func() served {
		t.Helper()
		if !lines.Scan() {
			t.Fatal("serve wrote nothing more")
		}
		var s served
		if err := json.Unmarshal(lines.Bytes(), &s); err != nil {
			t.Fatalf("bad line %q: %v", lines.Text(), err)
		}
		return s
	}

	// A ready that never succeeds (a closed port), left polling.
	fmt.Fprintln(inW, `{"id":1,"args":["ready","-url","http://127.0.0.1:1/","-exit-with-stdin"]}`)
	if s := next(); s.ID != 1 || !json.Valid(s.Out) {
		t.Fatalf("want ready's polling line first, got %+v", s)
	}
	// Another command runs while it polls.
	fmt.Fprintf(inW, "{\"id\":2,\"args\":[\"get\",\"-url\",%q]}\n", srv.URL)
	got := map[int][]served{}
	for len(got[2]) < 2 {
		s := next()
		got[s.ID] = append(got[s.ID], s)
	}
	var res getResult
	if err := json.Unmarshal(got[2][0].Out, &res); err != nil || res.Status != 200 {
		t.Fatalf("get: %s, %v", got[2][0].Out, err)
	}
	if e := got[2][1].Exit; e == nil || *e != 0 {
		t.Fatalf("get's exit line: %+v", got[2][1])
	}
	// Stopping the ready ends it with "stopped".
	fmt.Fprintln(inW, `{"id":1,"stop":true}`)
	deadline := time.Now().Add(5 * time.Second)
	for s := next(); ; s = next() {
		if s.ID == 1 && s.Exit != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("ready did not stop")
		}
	}
	// Not served: idle, which would never end.
	fmt.Fprintln(inW, `{"id":3,"args":["idle"]}`)
	if s := next(); s.ID != 3 || s.Exit == nil || *s.Exit != 2 {
		t.Fatalf("idle must be refused, got %+v", s)
	}
	inW.Close()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d when stdin closed", code)
	}
}
