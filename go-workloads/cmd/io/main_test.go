package main

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestHandlerWaits(t *testing.T) {
	tests := []struct {
		query    string
		wantCode int
		minWait  time.Duration
	}{
		{"?wait_ms=0", 200, 0},
		{"?wait_ms=30", 200, 30 * time.Millisecond},
		{"?wait_ms=-5", 400, 0},
	}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		start := time.Now()
		handler(rec, httptest.NewRequest("GET", "/"+tc.query, nil))
		if rec.Code != tc.wantCode {
			t.Errorf("GET /%s = %d, want %d", tc.query, rec.Code, tc.wantCode)
		}
		if took := time.Since(start); took < tc.minWait {
			t.Errorf("GET /%s took %v, want at least %v", tc.query, took, tc.minWait)
		}
	}
}

// BenchmarkHandler is the handler's CPU per request: with no wait its wall
// time is its CPU time.
func BenchmarkHandler(b *testing.B) {
	for b.Loop() {
		handler(httptest.NewRecorder(), httptest.NewRequest("GET", "/?wait_ms=0", nil))
	}
}
