//go:build lambda

package serve

import (
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// funcURL serves a handler to buffered Lambda Function URL invocations
// (payload format 2.0), as a lambda.Handler.
type funcURL struct{ h http.Handler }

// Invoke decodes the event, serves it and encodes the response. An empty
// event, or one without method or path, is a GET of /.
func (f funcURL) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	var ev events.LambdaFunctionURLRequest
	if len(bytes.TrimSpace(payload)) > 0 {
		if err := json.Unmarshal(payload, &ev); err != nil {
			return nil, fmt.Errorf("function URL event: %w", err)
		}
	}
	res, err := f.serve(ctx, ev)
	if err != nil {
		return nil, err
	}
	return json.Marshal(res)
}

func (f funcURL) serve(ctx context.Context, ev events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
	req, err := toRequest(ctx, ev)
	if err != nil {
		return events.LambdaFunctionURLResponse{}, err
	}
	w := &bufferedResponse{header: http.Header{}}
	f.h.ServeHTTP(w, req)
	return w.toFuncURL(), nil
}

// toRequest makes the event into the request a server would have read.
func toRequest(ctx context.Context, ev events.LambdaFunctionURLRequest) (*http.Request, error) {
	target := cmp.Or(ev.RawPath, "/")
	if ev.RawQueryString != "" {
		target += "?" + ev.RawQueryString
	}
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		var err error
		if body, err = base64.StdEncoding.DecodeString(ev.Body); err != nil {
			return nil, fmt.Errorf("function URL body: %w", err)
		}
	}
	req, err := http.NewRequestWithContext(ctx, cmp.Or(ev.RequestContext.HTTP.Method, http.MethodGet), target, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("function URL request: %w", err)
	}
	req.RequestURI = target
	for k, v := range ev.Headers {
		req.Header.Set(k, v)
	}
	if len(ev.Cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(ev.Cookies, "; "))
	}
	req.Host = cmp.Or(req.Header.Get("Host"), ev.RequestContext.DomainName)
	req.Header.Del("Host")
	req.RemoteAddr = ev.RequestContext.HTTP.SourceIP
	return req, nil
}

// bufferedResponse is an http.ResponseWriter that keeps the whole response.
type bufferedResponse struct {
	header, sent http.Header
	status       int
	body         bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if b.sent == nil {
		b.status, b.sent = code, b.header.Clone()
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

// toFuncURL is the response as Lambda takes it: multi-value headers joined
// with commas, Set-Cookie as cookies, a body that is not UTF-8 in base64.
func (b *bufferedResponse) toFuncURL() events.LambdaFunctionURLResponse {
	b.WriteHeader(http.StatusOK)
	body := b.body.Bytes()
	if _, typed := b.sent["Content-Type"]; !typed && len(body) > 0 {
		b.sent.Set("Content-Type", http.DetectContentType(body))
	}
	res := events.LambdaFunctionURLResponse{StatusCode: b.status, Headers: map[string]string{}}
	for k, v := range b.sent {
		if k == "Set-Cookie" {
			res.Cookies = v
		} else {
			res.Headers[k] = strings.Join(v, ",")
		}
	}
	if utf8.Valid(body) {
		res.Body = string(body)
	} else {
		res.Body, res.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	return res
}
