//go:build lambda

package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

const functionURLEvent = `{"version":"2.0","rawPath":"/","rawQueryString":"","headers":{"host":"x.lambda-url.eu-west-1.on.aws"},
	"requestContext":{"domainName":"x.lambda-url.eu-west-1.on.aws","http":{"method":"GET","path":"/","protocol":"HTTP/1.1"}},"isBase64Encoded":false}`

// runtimeAPI serves the Lambda Runtime API for one invocation of event, and
// sends what the function posted in response (or as error) to posted.
func runtimeAPI(t *testing.T, event string, posted chan<- string) *httptest.Server {
	mux := http.NewServeMux()
	var given atomic.Bool
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		if !given.CompareAndSwap(false, true) { // one invocation only: hold the next poll until the process dies
			<-r.Context().Done()
			return
		}
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
		w.Header().Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(time.Minute).UnixMilli(), 10))
		w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:hello")
		io.WriteString(w, event)
	})
	post := func(outcome string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			w.WriteHeader(http.StatusAccepted)
			select {
			case posted <- outcome + " " + string(body):
			default:
			}
		}
	}
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", post("response"))
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", post("error"))
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", post("init/error"))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestLambdaMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "bootstrap")
	build := exec.Command("go", "build", "-tags", "lambda,lambda.norpc", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	posted := make(chan string, 1)
	srv := runtimeAPI(t, functionURLEvent, posted)
	var stdout bytes.Buffer
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "AWS_LAMBDA_RUNTIME_API="+strings.TrimPrefix(srv.URL, "http://"), "PORT=")
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := sync.OnceFunc(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	t.Cleanup(stop)

	var got string
	select {
	case got = <-posted:
	case <-time.After(30 * time.Second):
		t.Fatal("no response posted to the Runtime API within 30s")
	}
	outcome, body, _ := strings.Cut(got, " ")
	var res events.LambdaFunctionURLResponse
	if err := json.Unmarshal([]byte(body), &res); outcome != "response" || err != nil {
		t.Fatalf("posted %s %s (%v), want a response", outcome, body, err)
	}
	if res.StatusCode != 200 || res.Body != "hello\n" || res.Headers["X-Gosweep-Seq"] != "1" {
		t.Errorf("response = %+v, want 200 \"hello\\n\" with X-Gosweep-Seq 1", res)
	}

	stop()
	if line := stdout.String(); !strings.Contains(line, `"msg":"lambda"`) || !strings.Contains(line, `"workload":"hello"`) {
		t.Errorf("stdout = %q, want the lambda start line", line)
	}
}
