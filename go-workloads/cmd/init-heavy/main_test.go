package main

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestLazyDefersTheWorkToTheFirstRequest(t *testing.T) {
	mode, initWait, initIters = "lazy", 20*time.Millisecond, 10
	tests := []struct {
		name    string
		minTook time.Duration
		maxTook time.Duration
	}{
		{"first request pays", 20 * time.Millisecond, time.Second},
		{"second request does not", 0, 10 * time.Millisecond},
	}
	for _, tc := range tests {
		start := time.Now()
		rec := httptest.NewRecorder()
		handler(rec, httptest.NewRequest("GET", "/", nil))
		took := time.Since(start)
		if rec.Code != 200 || took < tc.minTook || took > tc.maxTook {
			t.Errorf("%s: %d in %v, want 200 in [%v, %v]", tc.name, rec.Code, took, tc.minTook, tc.maxTook)
		}
	}
}
