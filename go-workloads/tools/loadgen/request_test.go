package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestRequestArrives checks that method, headers and body reach the server
// intact on every transport; the server answers 400 to anything else.
func TestRequestArrives(t *testing.T) {
	bigBody := bytes.Repeat([]byte("0123456789abcdef"), 1<<14) // 256 KiB
	bigFile := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(bigFile, bigBody, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		flags       []string
		wantMethod  string
		wantHeaders map[string]string
		wantBody    []byte
	}{
		{"GET with headers", []string{"-header", "Authorization: Bearer t0k", "-header", "X-Two: 2"}, "GET", map[string]string{"Authorization": "Bearer t0k", "X-Two": "2"}, nil},
		{"POST with a body", []string{"-method", "POST", "-header", "Content-Type: application/json", "-body", `{"n":1}`}, "POST", map[string]string{"Content-Type": "application/json", "Content-Length": "7"}, []byte(`{"n":1}`)},
		{"POST without a body", []string{"-method", "POST"}, "POST", map[string]string{"Content-Length": "0"}, nil},
		{"PUT of a 256 KiB body file", []string{"-method", "PUT", "-body-file", bigFile}, "PUT", map[string]string{"Content-Length": strconv.Itoa(len(bigBody))}, bigBody},
	}
	for _, tc := range tests {
		handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, err := io.ReadAll(r.Body)
			wrong := err != nil || r.Method != tc.wantMethod || !bytes.Equal(body, tc.wantBody) || r.Host == ""
			for name, want := range tc.wantHeaders {
				wrong = wrong || r.Header.Get(name) != want
			}
			if wrong {
				http.Error(w, fmt.Sprintf("got %s %q with %q", r.Method, body, r.Header), http.StatusBadRequest)
			}
		})
		for _, tr := range transports() {
			for _, rps := range []float64{0, 200} {
				t.Run(fmt.Sprintf("%s/%s/rps=%v", tc.name, tr.name, rps), func(t *testing.T) {
					t.Parallel() // no timing asserted
					srv := tr.serve(handler)
					defer srv.Close()
					res := quickRun(t, tr.run, srv.URL+"/in", rps, append(tr.flags, tc.flags...)...)
					if res.Successes == 0 || res.Successes != res.Requests {
						t.Errorf("%d of %d arrived intact, errors %+v", res.Successes, res.Requests, res.Errors)
					}
				})
			}
		}
	}
}

// TestBodyBiggerThanTheSocketBuffer sends a 4 MiB body to a server that reads
// it only after a pause, so the sender's socket buffer fills (on loopback it
// starts near 2.5 MB) and the rest of the request goes out as it drains.
func TestBodyBiggerThanTheSocketBuffer(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789abcdef"), 1<<18)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(10 * time.Millisecond)
		if n, err := io.Copy(io.Discard, r.Body); err != nil || n != int64(len(body)) {
			http.Error(w, fmt.Sprintf("got %d bytes, err %v", n, err), http.StatusBadRequest)
		}
	})
	for _, tr := range transports() {
		t.Run(tr.name, func(t *testing.T) {
			srv := tr.serve(handler)
			defer srv.Close()
			res := quickRun(t, tr.run, srv.URL+"/in", 0, append(tr.flags, "-method", "POST", "-body", string(body), "-warmup", "0s", "-duration", "500ms")...)
			if res.Successes == 0 || res.Successes != res.Requests {
				t.Errorf("%d of %d arrived intact, errors %+v", res.Successes, res.Requests, res.Errors)
			}
		})
	}
}
