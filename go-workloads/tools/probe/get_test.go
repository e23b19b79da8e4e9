package main

import (
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestGet(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/echo":
			body, _ := io.ReadAll(r.Body)
			w.Header().Set("X-Foo", "v")
			w.Header().Add("X-Multi", "a")
			w.Header().Add("X-Multi", "b")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, r.Method+" "+r.Header.Get("X-Probe")+" "+r.Header.Get("User-Agent")+" "+string(body))
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/5000":
			w.Write(make([]byte, 5000))
		case "/endless": // 1 GB unless the client stops reading
			chunk := make([]byte, 64<<10)
			for range 1 << 14 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		case "/slow":
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}
	}))
	defer srv.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := "http://" + ln.Addr().String() + "/"
	ln.Close()

	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name        string
		args        []string
		wantStatus  float64
		wantHeaders map[string]any
		wantBody    any // base64 string or nil
		wantBytes   float64
		wantTrunc   bool
		wantErr     string
	}{
		{"status, headers, body", []string{"-url", srv.URL + "/echo", "-method", "PUT", "-body", "hi", "-header", "X-Probe: yes",
			"-show-header", "X-Foo", "-show-header", "x-multi", "-show-header", "X-Absent"},
			201, map[string]any{"x-foo": "v", "x-multi": "a, b"}, b64("PUT yes  hi"), 11, false, ""},
		{"own User-Agent", []string{"-url", srv.URL + "/echo", "-header", "User-Agent: me"}, 201, map[string]any{}, b64("GET  me "), 8, false, ""},
		{"empty body", []string{"-url", srv.URL + "/empty"}, 204, map[string]any{}, "", 0, false, ""},
		{"body at the limit", []string{"-url", srv.URL + "/5000", "-max-bytes", "5000"}, 200, map[string]any{}, b64(string(make([]byte, 5000))), 5000, false, ""},
		{"body past the limit", []string{"-url", srv.URL + "/5000", "-max-bytes", "4999"}, 200, map[string]any{}, nil, 5000, true, ""},
		{"an endless body is cut off", []string{"-url", srv.URL + "/endless", "-max-bytes", "1024"}, 200, map[string]any{}, nil, 1025, true, ""},
		{"-max-bytes 0 counts", []string{"-url", srv.URL + "/5000", "-max-bytes", "0"}, 200, map[string]any{}, nil, 5000, false, ""},
		{"closed port", []string{"-url", closedPort}, 0, nil, nil, 0, false, "connection refused"},
		{"timeout", []string{"-url", srv.URL + "/slow", "-timeout", "50ms"}, 0, nil, nil, 0, false, "deadline exceeded"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := time.Now().UnixNano()
			code, lines, stderr := probe(t, nil, append([]string{"get"}, tc.args...)...)
			if code != 0 || len(lines) != 1 {
				t.Fatalf("exit %d, printed %v, stderr %q", code, lines, stderr)
			}
			got := lines[0]
			if tc.wantErr != "" {
				if msg, _ := got["error"].(string); len(got) != 1 || !strings.Contains(msg, tc.wantErr) {
					t.Fatalf("printed %v, want only an error saying %q", got, tc.wantErr)
				}
				return
			}
			if got["status"] != tc.wantStatus || got["body"] != tc.wantBody || got["bodyBytes"] != tc.wantBytes {
				t.Errorf("status %v body %.40v bodyBytes %v, want %v %.40v %v", got["status"], got["body"], got["bodyBytes"], tc.wantStatus, tc.wantBody, tc.wantBytes)
			}
			if trunc, _ := got["truncated"].(bool); trunc != tc.wantTrunc || !tc.wantTrunc && got["truncated"] != nil {
				t.Errorf("truncated %v, want %v", got["truncated"], tc.wantTrunc)
			}
			if h, _ := got["headers"].(map[string]any); len(h) != len(tc.wantHeaders) || h == nil {
				t.Errorf("headers %v, want %v", got["headers"], tc.wantHeaders)
			} else {
				for k, v := range tc.wantHeaders {
					if h[k] != v {
						t.Errorf("header %s: %v, want %v", k, h[k], v)
					}
				}
			}
			ms, _ := got["ms"].(float64)
			sent, _ := got["sentWallNs"].(float64)
			if ms <= 0 || ms > 5000 || sent < float64(before) || sent > float64(time.Now().UnixNano()) {
				t.Errorf("ms %v sentWallNs %v", got["ms"], got["sentWallNs"])
			}
		})
	}
}
