package main

import (
	"fmt"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"gosweep/workloads/internal/work"
)

// The lazy mode's point is that the expensive initialisation runs once, on
// the first request, and that later requests reuse its result. The test
// counts the runs instead of timing the second request: a wall-clock upper
// bound (it once was 10 ms) fails whenever a busy machine deschedules the
// test, which says nothing about the code. The one timing kept is a lower
// bound, which time.Sleep guarantees however loaded the machine is.
func TestLazyDefersTheWorkToTheFirstRequest(t *testing.T) {
	savedMode, savedWait, savedIters, savedLazy := mode, initWait, initIters, lazyValue
	t.Cleanup(func() { mode, initWait, initIters, lazyValue = savedMode, savedWait, savedIters, savedLazy })

	// A fresh OnceValue per run, so that -count=N runs the first request N times.
	var loads int
	mode, initWait, initIters = "lazy", 20*time.Millisecond, 10
	lazyValue = sync.OnceValue(func() config { loads++; return loadConfig() })
	digest := work.Burn(initIters)
	want := fmt.Sprintf("%x\n", digest[:4])

	tests := []struct {
		name      string
		wantLoads int
		minTook   time.Duration
	}{
		{"first request pays", 1, initWait},
		{"second request does not", 1, 0},
		{"nor does the third", 1, 0},
	}
	for _, tc := range tests {
		start := time.Now()
		rec := httptest.NewRecorder()
		handler(rec, httptest.NewRequest("GET", "/", nil))
		took := time.Since(start)
		if rec.Code != 200 || rec.Body.String() != want {
			t.Errorf("%s: %d %q, want 200 %q", tc.name, rec.Code, rec.Body.String(), want)
		}
		if loads != tc.wantLoads {
			t.Errorf("%s: initialisation ran %d times in all, want %d", tc.name, loads, tc.wantLoads)
		}
		if took < tc.minTook {
			t.Errorf("%s: took %v, want at least the %v wait", tc.name, took, tc.minTook)
		}
	}
}
