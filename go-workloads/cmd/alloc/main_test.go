package main

import (
	"net/http/httptest"
	"testing"
)

func TestHandlerKeepsTheLiveSetSize(t *testing.T) {
	before := len(live.blocks)
	for range 3 {
		rec := httptest.NewRecorder()
		handler(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 200 {
			t.Fatalf("status %d", rec.Code)
		}
	}
	if len(live.blocks) != before || live.next != 3%before {
		t.Errorf("live set: %d blocks, next %d; want %d blocks, next %d", len(live.blocks), live.next, before, 3%before)
	}
}

func TestNewLiveSetSize(t *testing.T) {
	if got := len(newLiveSet(10 * blockBytes).blocks); got != 10 {
		t.Errorf("%d blocks, want 10", got)
	}
}
