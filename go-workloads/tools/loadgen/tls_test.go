package main

import (
	"crypto/x509"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRunOverTLS loads an https server with a self-signed certificate: with
// -insecure, verified by its CA under the URL's host name, and (failing)
// verified by default.
func TestRunOverTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-SNI", r.TLS.ServerName)
		w.Write([]byte("ok"))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes are expected
	srv.StartTLS()
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "https://")
	port := addr[strings.LastIndex(addr, ":"):]
	ca := x509.NewCertPool()
	ca.AddCert(srv.Certificate())
	trustCA := func(o *Options) { o.TLS.RootCAs = ca }
	tests := []struct {
		name   string
		url    string // dialled at addr whatever its host
		rps    float64
		flags  []string
		adjust func(*Options)
		ok     bool   // every request succeeds; else every one fails
		sni    string // the server name the server saw, when ok (none for an IP)
	}{
		{"-insecure, closed loop", srv.URL, 0, []string{"-insecure"}, nil, true, ""},
		{"-insecure, open loop", srv.URL, 200, []string{"-insecure"}, nil, true, ""},
		{"SNI and certificate name from the URL's host", "https://example.com" + port, 0, nil, trustCA, true, "example.com"},
		{"SNI, open loop", "https://example.com" + port, 200, nil, trustCA, true, "example.com"},
		{"a name the certificate lacks fails", "https://other.test" + port, 0, nil, trustCA, false, ""},
		{"verified by default: self-signed fails", srv.URL, 0, nil, nil, false, ""},
		{"verified by default, open loop", srv.URL, 200, nil, nil, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := parseFlags(append([]string{"-url", tc.url + "/", "-count-header", "X-SNI", "-connections", "2", "-warmup", "50ms", "-duration", "200ms", "-timeout", "1s"}, tc.flags...), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			o.RPS, o.Addr = tc.rps, addr
			if tc.adjust != nil {
				tc.adjust(&o)
			}
			res := Run(o)
			if res.Requests == 0 {
				t.Fatal("no requests")
			}
			if !tc.ok {
				if res.Successes != 0 || res.Errors.Other+res.Errors.Connection == 0 {
					t.Errorf("%d succeeded, errors %+v; want every one to fail", res.Successes, res.Errors)
				}
				return
			}
			if res.Successes != res.Requests || res.HeaderCounts[tc.sni] != res.Requests {
				t.Errorf("%d of %d succeeded, errors %+v, server names seen %v", res.Successes, res.Requests, res.Errors, res.HeaderCounts)
			}
			if tc.rps > 0 && (res.Model != "open" || res.SentInWindow != 40 || res.SendLagP99Us <= 0) {
				t.Errorf("model %s sent %d lag %d µs; want open, 40 in a 200 ms window at 200 rps", res.Model, res.SentInWindow, res.SendLagP99Us)
			}
		})
	}
}
