package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// requestFlags are the flags ready and get share: the one request they send.
type requestFlags struct {
	url     string
	method  string
	headers headerFlags
	body    string
}

func (r *requestFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.url, "url", "", "http://host[:port]/path to request")
	fs.StringVar(&r.method, "method", "GET", "request method")
	fs.Var(&r.headers, "header", "request header 'Name: value'; repeatable")
	fs.StringVar(&r.body, "body", "", "request body")
}

// check says what is wrong with the parsed flags, or nil.
func (r *requestFlags) check() error {
	u, err := url.Parse(r.url)
	switch {
	case err != nil || u.Scheme != "http" || u.Hostname() == "":
		return fmt.Errorf("-url must be http://host[:port]/path, got %q", r.url)
	case !httpguts.ValidHeaderFieldName(r.method):
		return fmt.Errorf("-method %q is not an HTTP method", r.method)
	}
	return nil
}

// newRequest builds the request; each call gives a fresh body.
func (r *requestFlags) newRequest(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, strings.NewReader(r.body))
	if err != nil {
		return nil, err
	}
	for _, h := range r.headers {
		req.Header.Add(h.name, h.value)
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header["User-Agent"] = []string{""} // none sent, as loadgen sends none
	}
	return req, nil
}

// newClient sends each request on a new connection, as it is written: no
// proxy, no compression, no redirects followed.
func newClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{DisableKeepAlives: true, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// headerFlags collects repeated -header 'Name: value' flags.
type headerFlags []header

type header struct{ name, value string }

func (h *headerFlags) String() string {
	s := make([]string, len(*h))
	for i, x := range *h {
		s[i] = x.name + ": " + x.value
	}
	return strings.Join(s, ", ")
}

func (h *headerFlags) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	switch {
	case !ok || !httpguts.ValidHeaderFieldName(name):
		return fmt.Errorf("want 'Name: value', got %q", s)
	case strings.ContainsAny(value, "\r\n\x00"):
		return fmt.Errorf("header %s: a value may not hold a line break", name)
	case strings.EqualFold(name, "Host"):
		return errors.New("Host comes from -url")
	case strings.EqualFold(name, "Content-Length"), strings.EqualFold(name, "Transfer-Encoding"):
		return fmt.Errorf("%s comes from -body", name)
	}
	*h = append(*h, header{name, value})
	return nil
}

// nameFlags collects repeated header names, lowercased.
type nameFlags []string

func (n *nameFlags) String() string { return strings.Join(*n, ", ") }

func (n *nameFlags) Set(s string) error {
	if !httpguts.ValidHeaderFieldName(s) {
		return fmt.Errorf("%q is not a header name", s)
	}
	*n = append(*n, strings.ToLower(s))
	return nil
}
