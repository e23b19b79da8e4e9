package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	bodyFile := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(bodyFile, []byte(`{"from":"file"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		args        []string
		wantAddr    string
		wantHost    string
		wantSNI     string // "" with wantTLS false: plain http
		wantTLS     bool
		wantSkip    bool
		wantHeaders []string
		wantBody    string
		wantErr     string
	}{
		{"http as before", []string{"-url", "http://127.0.0.1:8080/p?q=1"}, "127.0.0.1:8080", "127.0.0.1:8080", "", false, false, nil, "", ""},
		{"http default port", []string{"-url", "http://svc.test/"}, "svc.test:80", "svc.test", "", false, false, nil, "", ""},
		{"https: SNI is the URL's host, verified by default", []string{"-url", "https://abc.lambda-url.us-east-1.on.aws/"}, "abc.lambda-url.us-east-1.on.aws:443", "abc.lambda-url.us-east-1.on.aws", "abc.lambda-url.us-east-1.on.aws", true, false, nil, "", ""},
		{"https IPv6 with port, insecure", []string{"-url", "https://[::1]:8443/", "-insecure"}, "[::1]:8443", "[::1]:8443", "::1", true, true, nil, "", ""},
		{"headers, trimmed, in order", []string{"-url", "http://h.test/", "-header", "Authorization:  Bearer t0k ", "-header", "X-Two:2"}, "h.test:80", "h.test", "", false, false, []string{"Authorization: Bearer t0k", "X-Two: 2"}, "", ""},
		{"body", []string{"-url", "http://h.test/", "-method", "POST", "-body", `{"n":1}`}, "h.test:80", "h.test", "", false, false, nil, `{"n":1}`, ""},
		{"body file", []string{"-url", "http://h.test/", "-method", "PUT", "-body-file", bodyFile}, "h.test:80", "h.test", "", false, false, nil, `{"from":"file"}`, ""},
		{"not http", []string{"-url", "ftp://h.test/"}, "", "", "", false, false, nil, "", "-url must be"},
		{"no host", []string{"-url", "https:///p"}, "", "", "", false, false, nil, "", "-url must be"},
		{"Host is the URL's", []string{"-url", "http://h.test/", "-header", "Host: other"}, "", "", "", false, false, nil, "", "Host comes from -url"},
		{"Content-Length is the body's", []string{"-url", "http://h.test/", "-header", "content-length: 3"}, "", "", "", false, false, nil, "", "comes from -body"},
		{"header without a colon", []string{"-url", "http://h.test/", "-header", "Bearer x"}, "", "", "", false, false, nil, "", "want 'Name: value'"},
		{"header injection", []string{"-url", "http://h.test/", "-header", "X-A: 1\r\nX-B: 2"}, "", "", "", false, false, nil, "", "line break"},
		{"unquoted header value", []string{"-url", "http://h.test/", "-header", "X-A:", "1"}, "", "", "", false, false, nil, "", "unexpected arguments"},
		{"body and body file", []string{"-url", "http://h.test/", "-body", "x", "-body-file", bodyFile}, "", "", "", false, false, nil, "", "exclude each other"},
		{"missing body file", []string{"-url", "http://h.test/", "-body-file", bodyFile + ".none"}, "", "", "", false, false, nil, "", "-body-file"},
		{"bad method", []string{"-url", "http://h.test/", "-method", "GET /x"}, "", "", "", false, false, nil, "", "not an HTTP method"},
		{"bad count header", []string{"-url", "http://h.test/", "-count-header", "X Id"}, "", "", "", false, false, nil, "", "not a header name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, err := parseFlags(tc.args, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if o.Addr != tc.wantAddr || o.Host != tc.wantHost {
				t.Errorf("Addr %q Host %q, want %q %q", o.Addr, o.Host, tc.wantAddr, tc.wantHost)
			}
			if (o.TLS != nil) != tc.wantTLS {
				t.Fatalf("TLS %v, want %v", o.TLS != nil, tc.wantTLS)
			}
			if o.TLS != nil && (o.TLS.ServerName != tc.wantSNI || o.TLS.InsecureSkipVerify != tc.wantSkip) {
				t.Errorf("SNI %q insecure %v, want %q %v", o.TLS.ServerName, o.TLS.InsecureSkipVerify, tc.wantSNI, tc.wantSkip)
			}
			if !slices.Equal(o.Headers, tc.wantHeaders) || string(o.Body) != tc.wantBody {
				t.Errorf("headers %q body %q, want %q %q", o.Headers, o.Body, tc.wantHeaders, tc.wantBody)
			}
		})
	}
}

func TestRequestBytes(t *testing.T) {
	tests := []struct {
		name string
		o    Options
		want string
	}{
		{"plain GET: wrk's bytes", Options{Host: "h:1", Path: "/p"}, "GET /p HTTP/1.1\r\nHost: h:1\r\n\r\n"},
		{"headers after Host", Options{Host: "h", Path: "/", Headers: []string{"A: 1", "B: 2"}}, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n"},
		{"POST with a body", Options{Host: "h", Path: "/", Method: "POST", Body: []byte("abc")}, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"},
		{"POST without a body", Options{Host: "h", Path: "/", Method: "POST"}, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"},
		{"DELETE with a body", Options{Host: "h", Path: "/", Method: "DELETE", Body: []byte("x")}, "DELETE / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(requestBytes(tc.o)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
