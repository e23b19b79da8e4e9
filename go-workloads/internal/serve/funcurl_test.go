//go:build lambda

package serve

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// echo answers with what it was asked, one field a line.
func echo(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fmt.Fprintf(w, "%s %s\nquery %s\nhost %s\ncookie %s\nx-test %s\nbody %s\n",
		r.Method, r.URL.Path, r.URL.RawQuery, r.Host, r.Header.Get("Cookie"), r.Header.Get("X-Test"), body)
}

func TestFuncURLServe(t *testing.T) {
	tests := []struct {
		name    string
		ev      events.LambdaFunctionURLRequest
		handler http.HandlerFunc
		want    events.LambdaFunctionURLResponse
	}{{
		name: "GET with query and headers",
		ev: events.LambdaFunctionURLRequest{
			RawPath: "/items/7", RawQueryString: "a=1&b=two", Cookies: []string{"s=1", "t=2"},
			Headers:        map[string]string{"host": "abc.lambda-url.eu-west-1.on.aws", "x-test": "yes"},
			RequestContext: events.LambdaFunctionURLRequestContext{HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "GET"}},
		},
		handler: echo,
		want: events.LambdaFunctionURLResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"},
			Body: "GET /items/7\nquery a=1&b=two\nhost abc.lambda-url.eu-west-1.on.aws\ncookie s=1; t=2\nx-test yes\nbody \n"},
	}, {
		name: "POST with a base64 body",
		ev: events.LambdaFunctionURLRequest{
			RawPath: "/upload", Body: base64.StdEncoding.EncodeToString([]byte("payload")), IsBase64Encoded: true,
			RequestContext: events.LambdaFunctionURLRequestContext{DomainName: "d.example", HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "POST"}},
		},
		handler: echo,
		want: events.LambdaFunctionURLResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"},
			Body: "POST /upload\nquery \nhost d.example\ncookie \nx-test \nbody payload\n"},
	}, {
		name:    "no method or path is GET /",
		handler: echo,
		want: events.LambdaFunctionURLResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "text/plain; charset=utf-8"},
			Body: "GET /\nquery \nhost \ncookie \nx-test \nbody \n"},
	}, {
		name: "binary body in base64",
		handler: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte{0xff, 0x00, 0xfe})
		},
		want: events.LambdaFunctionURLResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/octet-stream"},
			Body: base64.StdEncoding.EncodeToString([]byte{0xff, 0x00, 0xfe}), IsBase64Encoded: true},
	}, {
		name: "status, multi-value headers and cookies",
		handler: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Add("X-Multi", "a")
			w.Header().Add("X-Multi", "b")
			http.SetCookie(w, &http.Cookie{Name: "s", Value: "1"})
			http.SetCookie(w, &http.Cookie{Name: "t", Value: "2", HttpOnly: true})
			w.WriteHeader(http.StatusTeapot)
			w.Header().Set("X-Late", "ignored, as by net/http")
		},
		want: events.LambdaFunctionURLResponse{StatusCode: 418, Headers: map[string]string{"X-Multi": "a,b"}, Cookies: []string{"s=1", "t=2; HttpOnly"}},
	}, {
		name:    "nothing written is 200",
		handler: func(http.ResponseWriter, *http.Request) {},
		want:    events.LambdaFunctionURLResponse{StatusCode: 200, Headers: map[string]string{}},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := funcURL{tc.handler}.serve(context.Background(), tc.ev)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestFuncURLInvoke(t *testing.T) {
	tests := []struct {
		name, payload, wantPath string
		wantErr                 bool
	}{
		{"empty", "", "/", false},
		{"empty object", "{}", "/", false},
		{"no method", `{"rawPath":"/health"}`, "/health", false},
		{"Function URL", `{"version":"2.0","rawPath":"/x","requestContext":{"http":{"method":"GET"}}}`, "/x", false},
		{"not JSON", "hello", "", true},
		{"bad base64", `{"body":"%%%","isBase64Encoded":true}`, "", true},
	}
	h := funcURL{http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.Method, " ", r.URL.Path) })}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := h.Invoke(context.Background(), []byte(tc.payload))
			if (err != nil) != tc.wantErr {
				t.Fatalf("Invoke(%q) error = %v, want error %v", tc.payload, err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			var res events.LambdaFunctionURLResponse
			if err := json.Unmarshal(out, &res); err != nil || res.StatusCode != 200 || res.Body != "GET "+tc.wantPath {
				t.Errorf("Invoke(%q) = %s, %v; want 200 %q", tc.payload, out, err, "GET "+tc.wantPath)
			}
		})
	}
}

func TestFuncURLKeepsInstanceHeaders(t *testing.T) {
	res, err := funcURL{Mux(http.NotFoundHandler())}.serve(context.Background(), events.LambdaFunctionURLRequest{RawPath: "/health"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"X-Gosweep-Instance", "X-Gosweep-Start-Unix-Nano", "X-Gosweep-Seq"} {
		if res.Headers[name] == "" {
			t.Errorf("headers %v lack %s", res.Headers, name)
		}
	}
}
