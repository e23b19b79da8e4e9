package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestForwarding checks that requests arrive as sent and responses come back
// as answered, hop-by-hop headers aside.
func TestForwarding(t *testing.T) {
	inst := newInstance(t, "i1", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/echo":
			w.Header().Set("X-Seen", fmt.Sprintf("%s %s %s host=%s x=%s ua=%q conn=%q ka=%q body=%s",
				r.Method, r.URL.Path, r.URL.RawQuery, r.Host, r.Header.Get("X-Custom"), r.UserAgent(),
				r.Header.Get("Connection"), r.Header.Get("Keep-Alive"), body))
			w.Header().Set("Keep-Alive", "timeout=5")
			w.Header().Set(queueHeader, "12345") // the proxy's own wins
			w.WriteHeader(http.StatusTeapot)
			w.Write([]byte("hello"))
		case "/stream":
			for i := range 3 {
				fmt.Fprintf(w, "part%d;", i)
				w.(http.Flusher).Flush()
			}
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		}
	})
	p, srv, _ := newTestProxy(t, Config{Concurrency: 4})
	if err := p.add("i1", inst.URL); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		wantStatus               int
		wantSeen, wantBody       string
	}{
		{"GET with a query", "GET", "/echo?a=1&b=%2F", "", map[string]string{"X-Custom": "c", "User-Agent": "ua/1"},
			418, "GET /echo a=1&b=%2F host=" + host + ` x=c ua="ua/1" conn="" ka="" body=`, "hello"},
		{"POST with a body, hop-by-hop headers dropped", "POST", "/echo", `{"n":1}`, map[string]string{"Connection": "keep-alive, X-Custom", "Keep-Alive": "timeout=1", "X-Custom": "dropped"},
			418, "POST /echo  host=" + host + ` x= ua="" conn="" ka="" body={"n":1}`, "hello"},
		{"streamed", "GET", "/stream", "", nil, 200, "", "part0;part1;part2;"},
		{"no content", "GET", "/empty", "", nil, 204, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if tc.body == "" {
				req.Body = nil
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			if _, ok := tc.header["User-Agent"]; !ok {
				req.Header.Set("User-Agent", "")
			}
			resp, err := testClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.wantStatus || string(body) != tc.wantBody || resp.Header.Get("X-Seen") != tc.wantSeen {
				t.Errorf("got %d %q seen %q,\nwant %d %q seen %q", resp.StatusCode, body, resp.Header.Get("X-Seen"), tc.wantStatus, tc.wantBody, tc.wantSeen)
			}
			if resp.Header.Get("X-Instance") != "i1" || resp.Header.Get(queueHeader) != "0" || resp.Header.Get("Keep-Alive") != "" {
				t.Errorf("headers %v: want X-Instance i1, %s 0, no Keep-Alive", resp.Header, queueHeader)
			}
		})
	}
}

func TestDeadInstance(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	p, srv, events := newTestProxy(t, Config{Concurrency: 1})
	if err := p.add("dead", dead); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, srv.URL)
	var e struct{ Error string }
	if resp.StatusCode != http.StatusBadGateway || json.Unmarshal([]byte(body), &e) != nil || !strings.Contains(e.Error, "instance dead: ") {
		t.Errorf("got %d %s, want 502 and a JSON error naming the instance", resp.StatusCode, body)
	}
	if ev := events.next(t, "error"); ev["id"] != "dead" || ev["errors"] != 1.0 || !strings.Contains(ev["error"].(string), "refused") {
		t.Errorf("error event %v", ev)
	}
	events.next(t, "idle")
	if inFlight, _, served, _, errs := p.state(); inFlight != 0 || served != 0 || errs != 1 {
		t.Errorf("in flight %d, served %d, errors %d; want 0, 0, 1", inFlight, served, errs)
	}
}

func TestResumeHook(t *testing.T) {
	tests := []struct {
		name string
		hook bool
	}{
		{"with -resume-hook", true},
		{"without", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got atomic.Int64
			inst := newInstance(t, "i1", func(w http.ResponseWriter, r *http.Request) { got.Add(1) })
			p, srv, events := newTestProxy(t, Config{Concurrency: 4, ResumeHook: tc.hook})
			if err := p.add("i1", inst.URL); err != nil {
				t.Fatal(err)
			}
			const hold = 30 * time.Millisecond
			for round := range 2 { // a second busy period is a second resume
				var wg sync.WaitGroup
				resps := make([]*http.Response, 2)
				for i := range resps {
					wg.Go(func() { resps[i], _ = get(t, srv.URL) })
					waitUntil(t, "in flight", func() bool { n, _, _, _, _ := p.state(); return n > i || !tc.hook })
				}
				if tc.hook {
					ev := events.next(t, "resume")
					seq := int64(ev["seq"].(float64))
					if ev["id"] != "i1" || seq != int64(round+1) {
						t.Errorf("resume event %v, want i1 seq %d", ev, round+1)
					}
					p.resumed("i1", seq+1) // stale or future: ignored
					time.Sleep(hold)
					if n := got.Load(); n != int64(2*round) {
						t.Fatalf("instance saw %d requests before resumed, want %d", n, 2*round)
					}
					p.resumed("i1", seq)
				}
				wg.Wait()
				events.next(t, "idle")
				for i, resp := range resps {
					us, err := strconv.Atoi(resp.Header.Get(resumeHeader))
					switch {
					case resp.StatusCode != 200:
						t.Errorf("request %d: status %d", i, resp.StatusCode)
					case !tc.hook && resp.Header.Get(resumeHeader) != "":
						t.Errorf("request %d: %s set without the hook", i, resumeHeader)
					case tc.hook && (err != nil || us < int(hold.Microseconds())):
						t.Errorf("request %d: %s %q, want at least %d", i, resumeHeader, resp.Header.Get(resumeHeader), hold.Microseconds())
					}
				}
			}
			if want := map[bool]int{true: 2, false: 0}[tc.hook]; events.count("resume") != want {
				t.Errorf("%d resume events, want %d", events.count("resume"), want)
			}
		})
	}
}
