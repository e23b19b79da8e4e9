package main

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestMonotonicNsAdvancesWithTime(t *testing.T) {
	a := monotonicNs()
	time.Sleep(5 * time.Millisecond)
	b := monotonicNs()
	if a <= 0 || b-a < int64(4*time.Millisecond) || b-a > int64(time.Second) {
		t.Fatalf("monotonic clock read %d then %d", a, b)
	}
}

func TestReportStartPostsTheTimeAndWaitsForTheAnswer(t *testing.T) {
	got := make(chan string, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- r.Method + " " + r.URL.Path + " " + string(body)
		w.WriteHeader(http.StatusAccepted)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	if err := reportStart(ln.Addr().String(), 42); err != nil {
		t.Fatal(err)
	}
	if want := "POST /2018-06-01/gosweep/init-start " + strconv.Itoa(42); <-got != want {
		t.Fatalf("the API did not receive %q", want)
	}
}

func TestReportStartFailsOnARefusal(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	srv := &http.Server{Handler: http.NotFoundHandler()}
	go srv.Serve(ln)
	defer srv.Close()
	if err := reportStart(ln.Addr().String(), 1); err == nil {
		t.Fatal("a 404 was taken as an answer")
	}
	if err := reportStart("", 1); err == nil {
		t.Fatal("no API address was taken as one")
	}
}
