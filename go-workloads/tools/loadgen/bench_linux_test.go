//go:build linux

package main

import (
	"bufio"
	"bytes"
	"net"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// benchResponse is what the benchmarks' servers answer: the size of a small JSON reply.
var benchResponse = []byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"ok\":\"true\"}")

// BenchmarkEpollRequest is the epoll engine's own cost of one closed-loop
// request: dispatch (pick and write), then read and record the response, over
// a socketpair answered in the same goroutine, so no server or scheduler adds
// noise. One op is one request; it must allocate nothing.
func BenchmarkEpollRequest(b *testing.B) {
	b.Run("template", func(b *testing.B) {
		benchEpollRequest(b, Options{Host: "h.test", Path: "/", Timeout: time.Second})
	})
	b.Run("mix-of-3", func(b *testing.B) {
		benchEpollRequest(b, Options{Host: "h.test", Timeout: time.Second, Mix: []MixEntry{
			{Method: "GET", Path: "/items?id=1", Weight: 6},
			{Method: "GET", Path: "/items", Weight: 3},
			{Method: "POST", Path: "/items", Headers: []string{"Content-Type: application/json"}, Body: []byte(`{"n":1}`), Weight: 1},
		}})
	})
}

func benchEpollRequest(b *testing.B, o Options) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	e := newEngine(o, -1, nil, 0, func(time.Time) bool { return true })
	c := &econn{fd: fds[0], buf: make([]byte, 16<<10)}
	c.rd = bufio.NewReaderSize(&c.src, 16<<10)
	request := make([]byte, 64<<10)
	now := time.Now()
	b.ReportAllocs()
	cpu := cpuSeconds()
	for b.Loop() {
		e.idle = append(e.idle[:0], c)
		e.dispatch(now)
		if _, err := unix.Read(fds[1], request); err != nil {
			b.Fatal(err)
		}
		if _, err := unix.Write(fds[1], benchResponse); err != nil {
			b.Fatal(err)
		}
		e.readable(c, now)
	}
	// CPU time, the process's own, is steadier than ns/op on a busy machine.
	b.ReportMetric((cpuSeconds()-cpu)*1e9/float64(b.N), "cpu-ns/op")
	if e.rec.successes != int64(b.N) || e.rec.requests != int64(b.N) {
		b.Fatalf("%d of %d requests succeeded", e.rec.successes, b.N)
	}
}

// BenchmarkEpollClosedLoop runs the epoll engine for 300 ms on 16 connections
// against a minimal in-process server answering a canned response, and
// reports requests per second. The server shares the machine, so compare
// before and after on the same one, not with wrk.
func BenchmarkEpollClosedLoop(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go cannedServer(ln)
	addr := ln.Addr().String()
	var requests int64
	var window time.Duration
	for b.Loop() {
		res, err := runEpoll(Options{Addr: addr, Host: addr, Path: "/", Connections: 16, Warmup: 50 * time.Millisecond, Duration: 300 * time.Millisecond, Timeout: time.Second})
		if err != nil || res.Successes != res.Requests {
			b.Fatalf("err %v, %d of %d succeeded", err, res.Successes, res.Requests)
		}
		requests += res.Requests
		window += 300 * time.Millisecond
	}
	b.ReportMetric(float64(requests)/window.Seconds(), "req/s")
}

// cannedServer answers every request (a GET with no body) on every connection with benchResponse.
func cannedServer(ln net.Listener) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer nc.Close()
			buf := make([]byte, 64<<10)
			n := 0
			for {
				m, err := nc.Read(buf[n:])
				if err != nil {
					return
				}
				n += m
				for {
					end := bytes.Index(buf[:n], []byte("\r\n\r\n"))
					if end < 0 {
						break
					}
					if _, err := nc.Write(benchResponse); err != nil {
						return
					}
					n = copy(buf, buf[end+4:n])
				}
			}
		}()
	}
}

// BenchmarkEpollTake is the part of the per-request cost -mix changed: picking
// the request to write (a nil check without -mix; with it, the next in the order).
func BenchmarkEpollTake(b *testing.B) {
	for _, tc := range []struct {
		name string
		o    Options
	}{
		{"template", Options{Host: "h.test", Path: "/"}},
		{"mix-of-3", Options{Host: "h.test", Mix: []MixEntry{{Path: "/a", Weight: 6}, {Path: "/b", Weight: 3}, {Path: "/c", Weight: 1}}}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := newEngine(tc.o, -1, nil, 0, func(time.Time) bool { return true })
			var n int
			b.ReportAllocs()
			for b.Loop() {
				req, entry := e.take()
				n += len(req) + int(entry)
			}
			if n == 0 {
				b.Fatal("took nothing")
			}
		})
	}
}
