package serve

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
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
	var got Info
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.GOMAXPROCS != runtime.GOMAXPROCS(0) || got.NumCPU != runtime.NumCPU() || got.GoVersion != runtime.Version() {
		t.Errorf("info = %+v, does not match the runtime", got)
	}
	if got.StartUnixNano == 0 || got.GOMEMLIMITBytes <= 0 {
		t.Errorf("info = %+v, want a start time and a memory limit", got)
	}
}
