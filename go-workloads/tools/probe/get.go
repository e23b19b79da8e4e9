package main

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"time"
)

// getResult is get's line when a response came back.
type getResult struct {
	Status     int               `json:"status"`
	Ms         float64           `json:"ms"`         // monotonic, send to the body's end, µs precision
	SentWallNs int64             `json:"sentWallNs"` // just before sending
	Headers    map[string]string `json:"headers"`    // the -show-header ones present
	Body       *string           `json:"body"`       // base64; null past -max-bytes or with -max-bytes 0
	BodyBytes  int64             `json:"bodyBytes"`
	Truncated  bool              `json:"truncated,omitempty"`
}

// get sends one request on a new connection and prints what came back, or
// {"error": ...}: either is data, so both exit 0.
func get(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("get", stderr)
	var r requestFlags
	r.register(fs)
	timeout := fs.Duration("timeout", 5*time.Second, "bound on the request and reading its body")
	maxBytes := fs.Int64("max-bytes", 1<<20, "the longest body returned; longer ones are cut off there and not returned; 0 reads and discards it")
	var show nameFlags
	fs.Var(&show, "show-header", "response header to return; repeatable")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	switch err := r.check(); {
	case err != nil:
		return badFlags(fs, err)
	case *timeout <= 0:
		return badFlags(fs, errors.New("-timeout must be more than 0"))
	case *maxBytes < 0:
		return badFlags(fs, errors.New("-max-bytes must not be negative"))
	}

	res, err := fetch(&r, *timeout, *maxBytes, show)
	if err != nil {
		emit(stdout, map[string]string{"error": err.Error()})
	} else {
		emit(stdout, res)
	}
	return 0
}

func fetch(r *requestFlags, timeout time.Duration, maxBytes int64, show []string) (getResult, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := r.newRequest(ctx)
	if err != nil {
		return getResult{}, err
	}
	sent := time.Now()
	resp, err := newClient().Do(req)
	if err != nil {
		return getResult{}, err
	}
	defer resp.Body.Close()

	res := getResult{Status: resp.StatusCode, SentWallNs: sent.UnixNano(), Headers: map[string]string{}}
	if maxBytes == 0 {
		res.BodyBytes, err = io.Copy(io.Discard, resp.Body)
	} else {
		var b []byte
		b, err = io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
		res.BodyBytes = int64(len(b))
		if res.Truncated = res.BodyBytes > maxBytes; !res.Truncated {
			s := base64.StdEncoding.EncodeToString(b)
			res.Body = &s
		}
	}
	if err != nil {
		return getResult{}, err
	}
	res.Ms = float64(time.Since(sent).Microseconds()) / 1000
	for _, name := range show {
		if v := resp.Header.Values(name); len(v) > 0 {
			res.Headers[name] = strings.Join(v, ", ")
		}
	}
	return res, nil
}
