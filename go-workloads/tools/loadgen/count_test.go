package main

import (
	"bufio"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func TestReadResponseCapturesOneHeader(t *testing.T) {
	tests := []struct {
		name      string
		header    string
		raw       string
		wantFound bool
		wantValue string
	}{
		{"present", "X-Instance-Id", "HTTP/1.1 200 OK\r\nX-Instance-Id: i-1\r\nContent-Length: 0\r\n\r\n", true, "i-1"},
		{"any case, trimmed", "x-instance-id", "HTTP/1.1 200 OK\r\nX-INSTANCE-ID:   i-2  \r\nContent-Length: 0\r\n\r\n", true, "i-2"},
		{"kept past a chunked body", "X-Instance-Id", "HTTP/1.1 200 OK\r\nX-Instance-Id: i-3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", true, "i-3"},
		{"on an error status", "X-Instance-Id", "HTTP/1.1 503 Busy\r\nX-Instance-Id: i-4\r\nContent-Length: 0\r\n\r\n", true, "i-4"},
		{"absent", "X-Instance-Id", "HTTP/1.1 200 OK\r\nX-Other: i-5\r\nContent-Length: 0\r\n\r\n", false, ""},
		{"a prefix is not the name", "X-Instance", "HTTP/1.1 200 OK\r\nX-Instance-Id: i-6\r\nContent-Length: 0\r\n\r\n", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newCapture(tc.header)
			c.found, c.value = true, []byte("left from the last response")
			if _, _, err := readResponse(bufio.NewReader(strings.NewReader(tc.raw)), c); err != nil {
				t.Fatal(err)
			}
			if c.found != tc.wantFound || (c.found && string(c.value) != tc.wantValue) {
				t.Errorf("found=%v %q, want found=%v %q", c.found, c.value, tc.wantFound, tc.wantValue)
			}
		})
	}
}

func TestHeaderCountsIsBounded(t *testing.T) {
	h := newHeaderCounts("X-Instance-Id")
	for i := range maxHeaderValues + 5 {
		h.add(fmt.Appendf(nil, "i-%d", i))
	}
	h.add([]byte("i-0")) // seen before the bound: still its own
	h.add([]byte("i-new"))
	got := h.counts()
	if len(got) != maxHeaderValues+1 || got["i-0"] != 2 || got[otherHeaderValue] != 6 {
		t.Errorf("%d values, i-0=%d, %s=%d; want %d, 2, 6", len(got), got["i-0"], otherHeaderValue, got[otherHeaderValue], maxHeaderValues+1)
	}
	if newHeaderCounts("").counts() != nil {
		t.Error("not counting should leave headerCounts out")
	}
}

// TestCountHeader loads a server that answers from three "instances" in turn,
// on every transport in closed and open loop.
func TestCountHeader(t *testing.T) {
	var served atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Instance-Id", fmt.Sprintf("i-%d", served.Add(1)%3))
		if r.URL.Path == "/error" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	tests := []struct {
		name       string
		path       string
		flags      []string
		wantValues []string // nil: headerCounts left out
	}{
		{"three instances", "/", []string{"-count-header", "X-Instance-Id"}, []string{"i-0", "i-1", "i-2"}},
		{"flag in lowercase", "/", []string{"-count-header", "x-instance-id"}, []string{"i-0", "i-1", "i-2"}},
		{"error responses count too", "/error", []string{"-count-header", "X-Instance-Id"}, []string{"i-0", "i-1", "i-2"}},
		{"a header no response has", "/", []string{"-count-header", "X-Absent"}, []string{}},
		{"not counting", "/", nil, nil},
	}
	for _, tc := range tests {
		for _, tr := range transports() {
			for _, rps := range []float64{0, 200} {
				t.Run(fmt.Sprintf("%s/%s/rps=%v", tc.name, tr.name, rps), func(t *testing.T) {
					t.Parallel() // no timing asserted
					srv := tr.serve(handler)
					defer srv.Close()
					res := quickRun(t, tr.run, srv.URL+tc.path, rps, append(tr.flags, tc.flags...)...)
					if res.Requests == 0 || res.Successes+res.Errors.HTTP != res.Requests {
						t.Fatalf("%d of %d requests answered, errors %+v", res.Successes+res.Errors.HTTP, res.Requests, res.Errors)
					}
					if tc.wantValues == nil {
						if res.HeaderCounts != nil {
							t.Errorf("headerCounts %v, want none", res.HeaderCounts)
						}
						return
					}
					if got := slices.Sorted(maps.Keys(res.HeaderCounts)); !slices.Equal(got, tc.wantValues) {
						t.Errorf("values %q, want %q", got, tc.wantValues)
					}
					var counted int64
					for _, n := range res.HeaderCounts {
						counted += n
					}
					if len(tc.wantValues) > 0 && counted != res.Requests {
						t.Errorf("counted %d responses, want the window's %d", counted, res.Requests)
					}
				})
			}
		}
	}
}
