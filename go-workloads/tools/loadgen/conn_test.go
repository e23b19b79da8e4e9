package main

import (
	"bufio"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReadResponse(t *testing.T) {
	tests := []struct {
		name          string
		raw           string
		wantStatus    int
		wantKeepAlive bool
		wantErr       error
		wantRest      string
	}{
		{"content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloNEXT", 200, true, nil, "NEXT"},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\nTrailer: 1\r\n\r\nNEXT", 200, true, nil, "NEXT"},
		{"header case", "HTTP/1.1 503 Busy\r\ncontent-LENGTH: 2\r\n\r\nnoNEXT", 503, true, nil, "NEXT"},
		{"connection close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 200, false, nil, ""},
		{"HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", 200, false, nil, ""},
		{"no body on 204", "HTTP/1.1 204 No Content\r\n\r\nNEXT", 204, true, nil, "NEXT"},
		{"not HTTP", "SSH-2.0-OpenSSH\r\n", 0, false, errHTTP, ""},
		{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 200, true, errHTTP, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := bufio.NewReader(strings.NewReader(tc.raw))
			status, keepAlive, err := readResponse(r, nil)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil || status != tc.wantStatus || keepAlive != tc.wantKeepAlive {
				t.Fatalf("got %d keepAlive=%v err=%v, want %d keepAlive=%v", status, keepAlive, err, tc.wantStatus, tc.wantKeepAlive)
			}
			rest, _ := r.Peek(r.Buffered())
			if string(rest) != tc.wantRest {
				t.Errorf("left %q unread, want %q", rest, tc.wantRest)
			}
		})
	}
}

func TestRunAgainstNetHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/stream" {
			w.Write([]byte("a"))
			w.(http.Flusher).Flush() // forces chunked encoding
			w.Write([]byte("b"))
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for name, run := range engines {
		for _, path := range []string{"/", "/stream"} {
			for _, rps := range []float64{0, 200} {
				res := run(Options{Addr: addr, Host: addr, Path: path, Connections: 2, RPS: rps, Warmup: 50 * time.Millisecond, Duration: 200 * time.Millisecond, Timeout: time.Second})
				if res.Successes == 0 || res.Successes != res.Requests {
					t.Errorf("%s %s rps=%v: %d of %d succeeded, errors %+v", name, path, rps, res.Successes, res.Requests, res.Errors)
				}
				if rps > 0 && res.SentInWindow != 40 {
					t.Errorf("%s %s: sent %d in a 200 ms window at 200 rps, want 40", name, path, res.SentInWindow)
				}
			}
		}
	}
}

func TestOpenLoopAgainstARefusedPortEnds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	for name, run := range engines {
		start := time.Now()
		res := run(Options{Addr: addr, Host: addr, Path: "/", Connections: 2, RPS: 100, Warmup: 0, Duration: 200 * time.Millisecond, Timeout: 100 * time.Millisecond})
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("%s: took %v to give up", name, took)
		}
		if res.Successes != 0 || res.Errors.Connection+res.Errors.Timeout == 0 {
			t.Errorf("%s: %d ok, errors %+v; want only failures", name, res.Successes, res.Errors)
		}
		if res.Requests > 20 {
			t.Errorf("%s: %d requests from a schedule of 20", name, res.Requests)
		}
	}
}
