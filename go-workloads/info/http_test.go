package info

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
)

func TestHandler(t *testing.T) {
	tests := []struct {
		name string
		set  func() map[string]any
		want string // the raw "extra" member, "" for none
	}{
		{"none registered", nil, ""},
		{"registered", func() map[string]any { return map[string]any{"ticks": 3} }, `{"ticks":3}`},
		{"registered, returns nil", func() map[string]any { return nil }, ""},
	}
	defer SetExtra(nil)
	for _, tc := range tests {
		SetExtra(tc.set)
		rec := httptest.NewRecorder()
		Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/info", nil))
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type = %q, want application/json", tc.name, ct)
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if extra, ok := got["extra"]; string(extra) != tc.want || ok != (tc.want != "") {
			t.Errorf("%s: extra = %s (present %v), want %q", tc.name, extra, ok, tc.want)
		}
		for _, key := range []string{"goVersion", "gomaxprocs", "numCpu", "gomemlimitBytes", "gogc", "pid", "startUnixNano", "mainUnixNano",
			"listeningUnixNano", "numGoroutine", "numGc", "gcPauseTotalNs", "heapInuseBytes", "totalAllocBytes", "cgroupCpuQuota", "cgroupCpuQuotaSource"} {
			if _, ok := got[key]; !ok {
				t.Errorf("%s: /info has no %s: %s", tc.name, key, rec.Body)
			}
		}
	}
}

func TestMiddleware(t *testing.T) {
	h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("root")) }))
	startNanos := strconv.FormatInt(start.UnixNano(), 10)
	var first int64
	for i := range 3 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		header := rec.Header()
		if got, want := header.Get("X-Gosweep-Instance"), startNanos+"-"+strconv.Itoa(os.Getpid()); got != want {
			t.Errorf("X-Gosweep-Instance = %q, want %q", got, want)
		}
		if got := header.Get("X-Gosweep-Start-Unix-Nano"); got != startNanos {
			t.Errorf("X-Gosweep-Start-Unix-Nano = %q, want %s", got, startNanos)
		}
		n, err := strconv.ParseInt(header.Get("X-Gosweep-Seq"), 10, 64)
		if i == 0 {
			first = n
		}
		if err != nil || n < 1 || n != first+int64(i) {
			t.Errorf("request %d: X-Gosweep-Seq = %q, want %d", i, header.Get("X-Gosweep-Seq"), first+int64(i))
		}
		if rec.Body.String() != "root" {
			t.Errorf("body = %q, want the wrapped handler's", rec.Body)
		}
	}
}

func TestMiddlewareSeqIsUnique(t *testing.T) {
	h := Middleware(http.NotFoundHandler())
	const n = 50
	seqs := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			seqs <- rec.Header().Get("X-Gosweep-Seq")
		}()
	}
	wg.Wait()
	close(seqs)
	seen := map[string]bool{}
	for s := range seqs {
		if seen[s] {
			t.Errorf("X-Gosweep-Seq %s given twice", s)
		}
		seen[s] = true
	}
}
