package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"
)

// parseFlags turns loadgen's command line into Options (all but OnWindow);
// flag errors and -h print the usage to usage.
func parseFlags(args []string, usage io.Writer) (Options, error) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(usage)
	target := fs.String("url", "", "http(s)://host[:port]/path to load")
	connections := fs.Int("connections", 8, "closed loop: connections; open loop: the most open at once")
	rps := fs.Float64("rps", 0, "open-loop arrival rate (requests/s); 0 for closed loop")
	warmup := fs.Duration("warmup", time.Second, "load before the measured window, not recorded")
	duration := fs.Duration("duration", 10*time.Second, "the measured window")
	timeout := fs.Duration("timeout", 2*time.Second, "per-request timeout")
	method := fs.String("method", "GET", "request method")
	var headers headerFlags
	fs.Var(&headers, "header", "request header 'Name: value'; repeatable")
	body := fs.String("body", "", "request body")
	bodyFile := fs.String("body-file", "", "file holding the request body")
	countHeader := fs.String("count-header", "", "response header whose distinct values are counted into headerCounts")
	insecure := fs.Bool("insecure", false, "https: skip certificate verification")
	exitWithStdin := fs.Bool("exit-with-stdin", false, "exit (status 3) when stdin closes: the process that started it is gone")
	mixFile := fs.String("mix", "", "JSON file of weighted requests, sent in smooth weighted round-robin order instead of -method and -body:\n"+
		"[{\"method\":\"GET\",\"path\":\"/items?id=1\",\"headers\":{\"X-A\":\"b\"},\"body\":\"...\",\"weight\":9}, ...];\n"+
		"path (required) goes to -url's host and port, whose own path is then unused; method defaults to GET;\n"+
		"headers go over -header's (null drops one); weight defaults to 1. The result counts responses per entry in mixCounts")
	if err := fs.Parse(args); err != nil {
		return Options{}, err
	}

	u, err := url.Parse(*target)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "":
		return Options{}, fmt.Errorf("-url must be http(s)://host[:port]/path, got %q", *target)
	case fs.NArg() > 0:
		return Options{}, fmt.Errorf("unexpected arguments %q (quote a -header value with spaces)", fs.Args())
	case *connections < 1:
		return Options{}, errors.New("-connections must be at least 1")
	case !isToken(*method):
		return Options{}, fmt.Errorf("-method %q is not an HTTP method", *method)
	case *body != "" && *bodyFile != "":
		return Options{}, errors.New("-body and -body-file exclude each other")
	case *countHeader != "" && !isToken(*countHeader):
		return Options{}, fmt.Errorf("-count-header %q is not a header name", *countHeader)
	}
	o := Options{
		Addr: u.Host, Host: u.Host, Path: u.RequestURI(),
		Method: *method, Headers: headers, Body: []byte(*body), CountHeader: *countHeader,
		Connections: *connections, RPS: *rps,
		Warmup: *warmup, Duration: *duration, Timeout: *timeout,
		ExitWithStdin: *exitWithStdin,
	}
	if *mixFile != "" {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		for _, c := range []struct{ flag, field string }{{"method", "method"}, {"body", "body"}, {"body-file", "body"}} {
			if given[c.flag] {
				return Options{}, fmt.Errorf("-mix %s: -%s cannot go with -mix, whose entries each carry their own: drop -%s and give each entry its %q", *mixFile, c.flag, c.flag, c.field)
			}
		}
		if o.Mix, err = loadMix(*mixFile, headers); err != nil {
			return Options{}, err
		}
		o.Method, o.Path = "", "" // each entry's
	}
	if *bodyFile != "" {
		if o.Body, err = os.ReadFile(*bodyFile); err != nil {
			return Options{}, fmt.Errorf("-body-file: %w", err)
		}
	}
	defaultPort := "80"
	if u.Scheme == "https" {
		defaultPort = "443"
		o.TLS = &tls.Config{
			ServerName:         u.Hostname(), // SNI, and the name the certificate must carry
			InsecureSkipVerify: *insecure,
			ClientSessionCache: tls.NewLRUClientSessionCache(0), // reconnects resume, as browsers' do
		}
	}
	if u.Port() == "" {
		o.Addr = net.JoinHostPort(u.Hostname(), defaultPort) // Host stays without it, as browsers send it
	}
	return o, nil
}

// headerFlags collects repeated -header 'Name: value' flags as request header lines.
type headerFlags []string

func (h *headerFlags) String() string { return strings.Join(*h, ", ") }

func (h *headerFlags) Set(s string) error {
	name, value, ok := strings.Cut(s, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || !isToken(name) {
		return fmt.Errorf("want 'Name: value', got %q", s)
	}
	if err := checkHeader(name, value, "-body"); err != nil {
		return err
	}
	*h = append(*h, name+": "+value)
	return nil
}

// checkHeader says what is wrong with a request header, or nil; body names
// where the request's Content-Length comes from.
func checkHeader(name, value, body string) error {
	switch {
	case !isToken(name):
		return fmt.Errorf("header %q is not a header name", name)
	case strings.ContainsAny(value, "\r\n\x00"):
		return fmt.Errorf("header %s: a value may not hold a line break", name)
	case strings.EqualFold(name, "Host"):
		return errors.New("Host comes from -url")
	case strings.EqualFold(name, "Content-Length"), strings.EqualFold(name, "Transfer-Encoding"):
		return fmt.Errorf("%s comes from %s", name, body)
	}
	return nil
}
