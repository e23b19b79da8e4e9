package main

import (
	"net/http/httptest"
	"testing"
)

func TestHandler(t *testing.T) {
	tests := []struct {
		query    string
		wantCode int
	}{
		{"", 200},
		{"?iters=0", 200},
		{"?iters=10", 200},
		{"?iters=-1", 400},
		{"?iters=x", 400},
	}
	for _, tc := range tests {
		rec := httptest.NewRecorder()
		handler(rec, httptest.NewRequest("GET", "/"+tc.query, nil))
		if rec.Code != tc.wantCode {
			t.Errorf("GET /%s = %d, want %d", tc.query, rec.Code, tc.wantCode)
		}
	}
}
