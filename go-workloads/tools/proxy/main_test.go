package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    options
		wantErr string
	}{
		{"defaults", nil, options{Config{80, 10 * time.Second, false, 0}, "127.0.0.1:0", 10 * time.Second}, ""},
		{"all", []string{"-listen", "127.0.0.1:8080", "-concurrency", "1", "-queue-timeout", "250ms", "-resume-hook", "-target-utilization", "0.6", "-shutdown-timeout", "0s"},
			options{Config{1, 250 * time.Millisecond, true, 0.6}, "127.0.0.1:8080", 0}, ""},
		{"target utilization above 1", []string{"-target-utilization", "1.5"}, options{}, "0..1"},
		{"concurrency 0", []string{"-concurrency", "0"}, options{}, "1..1000"},
		{"concurrency 1001", []string{"-concurrency", "1001"}, options{}, "1..1000"},
		{"no queue timeout", []string{"-queue-timeout", "0s"}, options{}, "positive"},
		{"stray argument", []string{"x"}, options{}, "unexpected arguments"},
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
			if err != nil || o != tc.want {
				t.Errorf("got %+v, %v; want %+v", o, err, tc.want)
			}
		})
	}
}

// TestBinary builds the proxy, adds an instance on its stdin, sends a request
// through it and closes stdin: it exits 0.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "proxy")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-listen", "127.0.0.1:0", "-concurrency", "2", "-queue-timeout", "5s")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := bufio.NewScanner(stdout)
	next := func(name string) map[string]any {
		t.Helper()
		for lines.Scan() {
			var m map[string]any
			if err := json.Unmarshal(lines.Bytes(), &m); err != nil {
				t.Fatalf("stdout line %q: %v", lines.Bytes(), err)
			}
			if m["event"] == name {
				return m
			}
		}
		t.Fatalf("stdout ended before a %s event; stderr: %s", name, stderr.String())
		return nil
	}
	addr := next("listening")["addr"].(string)

	inst := newInstance(t, "i1", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hi")) })
	fmt.Fprintf(stdin, `{"cmd":"add","id":"i1","url":%q}`+"\n", inst.URL)
	fmt.Fprintln(stdin, `{"cmd":"stats"}`) // once it is out, i1 is in
	next("stats")
	resp, body := get(t, "http://"+addr+"/")
	if resp.StatusCode != 200 || body != "hi" || resp.Header.Get("X-Instance") != "i1" || resp.Header.Get(queueHeader) != "0" {
		t.Errorf("got %d %q %v, want 200 hi from i1", resp.StatusCode, body, resp.Header)
	}
	next("busy")
	next("idle")
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Errorf("exit: %v; stderr: %s", err, stderr.String())
	}
}

// TestRunShutdown closes stdin while a request is held for a resume nobody
// will answer: the request goes through and run returns 0.
func TestRunShutdown(t *testing.T) {
	stdinR, stdinW := io.Pipe()
	stdoutR, stdoutW := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- run(t.Context(), []string{"-resume-hook", "-shutdown-timeout", "5s"}, stdinR, stdoutW, io.Discard)
		stdoutW.Close()
	}()
	lines := bufio.NewScanner(stdoutR)
	next := func(name string) map[string]any {
		t.Helper()
		for lines.Scan() {
			var m map[string]any
			json.Unmarshal(lines.Bytes(), &m)
			if m["event"] == name {
				return m
			}
		}
		t.Fatalf("no %s event", name)
		return nil
	}
	addr := next("listening")["addr"].(string)
	inst := newInstance(t, "i1", func(w http.ResponseWriter, r *http.Request) {})
	fmt.Fprintf(stdinW, `{"cmd":"add","id":"i1","url":%q}`+"\n", inst.URL)
	fmt.Fprintln(stdinW, `{"cmd":"stats"}`)
	next("stats")
	status := make(chan int, 1)
	go func() {
		resp, _ := get(t, "http://"+addr+"/")
		status <- resp.StatusCode
	}()
	next("resume")
	stdinW.Close()
	go io.Copy(io.Discard, stdoutR)
	if s := <-status; s != 200 {
		t.Errorf("the held request got %d, want 200", s)
	}
	if c := <-code; c != 0 {
		t.Errorf("run returned %d, want 0", c)
	}
}
