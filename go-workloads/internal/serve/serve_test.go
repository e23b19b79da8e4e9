package serve

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"testing"

	"gosweep/info"
)

func TestMux(t *testing.T) {
	mux := Mux(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("root")) }))
	tests := []struct {
		path, wantBody string
		wantCode       int
	}{
		{"/health", "ok\n", http.StatusOK},
		{"/healthz", "root", http.StatusOK},
		{"/", "root", http.StatusOK},
		{"/anything", "root", http.StatusOK},
	}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
		if rec.Code != tc.wantCode || rec.Body.String() != tc.wantBody {
			t.Errorf("GET %s = %d %q, want %d %q", tc.path, rec.Code, rec.Body, tc.wantCode, tc.wantBody)
		}
	}
}

func TestInfoReportsRuntime(t *testing.T) {
	rec := httptest.NewRecorder()
	Mux(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/info", nil))
	var got info.Info
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.GOMAXPROCS != runtime.GOMAXPROCS(0) || got.NumCPU != runtime.NumCPU() || got.GoVersion != runtime.Version() {
		t.Errorf("info = %+v, does not match the runtime", got)
	}
	if got.StartUnixNano == 0 || got.GOMEMLIMITBytes <= 0 {
		t.Errorf("info = %+v, want a start time and a memory limit", got)
	}
	if got.CgroupCPUQuotaSource == "" || (got.CgroupCPUQuota != nil) != (got.CgroupCPUQuotaSource == "cgroup v1" || got.CgroupCPUQuotaSource == "cgroup v2") {
		t.Errorf("info = cgroupCpuQuota %v from %q, want a quota exactly when read from a cgroup", got.CgroupCPUQuota, got.CgroupCPUQuotaSource)
	}
}

func TestInstanceHeaders(t *testing.T) {
	mux := Mux(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("root")) }))
	start := info.Read().StartUnixNano
	var first int64
	for i, path := range []string{"/health", "/info", "/", "/missing"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		h := rec.Header()
		wantInstance := strconv.FormatInt(start, 10) + "-" + strconv.Itoa(os.Getpid())
		if got := h.Get("X-Gosweep-Instance"); got != wantInstance {
			t.Errorf("GET %s: X-Gosweep-Instance = %q, want %q", path, got, wantInstance)
		}
		if got := h.Get("X-Gosweep-Start-Unix-Nano"); got != strconv.FormatInt(start, 10) {
			t.Errorf("GET %s: X-Gosweep-Start-Unix-Nano = %q, want %d", path, got, start)
		}
		seq, err := strconv.ParseInt(h.Get("X-Gosweep-Seq"), 10, 64)
		if i == 0 {
			first = seq
		}
		if err != nil || seq < 1 || seq != first+int64(i) {
			t.Errorf("GET %s: X-Gosweep-Seq = %q, want %d", path, h.Get("X-Gosweep-Seq"), first+int64(i))
		}
	}
}

// The extras' cases are the info package's (info.TestHandler); this checks Mux serves them on /info.
func TestInfoExtra(t *testing.T) {
	defer info.SetExtra(nil)
	info.SetExtra(func() map[string]any { return map[string]any{"ticks": 3} })
	rec := httptest.NewRecorder()
	Mux(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/info", nil))
	var got map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if string(got["extra"]) != `{"ticks":3}` {
		t.Errorf("extra = %s, want {\"ticks\":3}", got["extra"])
	}
	if _, ok := got["goVersion"]; !ok {
		t.Errorf("/info lost goVersion: %s", rec.Body)
	}
}
