package main

import (
	"encoding/json"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"gosweep/info"
	"gosweep/workloads/internal/serve"
)

func TestReadConfig(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want config
	}{
		{"defaults", nil, config{10 * time.Millisecond, 750, 64 << 10, 1500}},
		{"overridden", map[string]string{"TICK_MS": "25", "TICK_CPU_ITERS": "0", "TICK_ALLOC_BYTES": "4096", "REQ_CPU_ITERS": "3"}, config{25 * time.Millisecond, 0, 4096, 3}},
		{"one overridden", map[string]string{"TICK_ALLOC_BYTES": "0"}, config{10 * time.Millisecond, 750, 0, 1500}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"TICK_MS", "TICK_CPU_ITERS", "TICK_ALLOC_BYTES", "REQ_CPU_ITERS"} {
				t.Setenv(k, tc.env[k])
			}
			if got := readConfig(); got != tc.want {
				t.Errorf("readConfig() = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// get serves one GET through the handler and serve's /info, and decodes its JSON.
func get(t *testing.T, bg *ticker, path string) map[string]any {
	t.Helper()
	rec := httptest.NewRecorder()
	serve.Mux(bg.handler(10)).ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != 200 {
		t.Fatalf("GET %s = %d %s", path, rec.Code, rec.Body)
	}
	var got map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, rec.Body)
	}
	return got
}

func TestCountersAdvance(t *testing.T) {
	tests := []struct {
		interval   time.Duration
		iters      int
		allocBytes int
	}{
		{5 * time.Millisecond, 10, 4096},
		{10 * time.Millisecond, 750, 64 << 10},
	}
	const wall = 100 * time.Millisecond
	for _, tc := range tests {
		bg := newTicker(tc.interval, tc.iters, tc.allocBytes, time.Now)
		tk := time.NewTicker(tc.interval)
		go bg.run(tk.C)
		time.Sleep(wall)
		tk.Stop()
		s := bg.read(false)
		wantExpected := int64(wall / tc.interval)
		if s.TicksExpected < wantExpected || s.TicksExpected > 2*wantExpected {
			t.Errorf("every %v: ticksExpected = %d after %v, want about %d", tc.interval, s.TicksExpected, wall, wantExpected)
		}
		if s.TicksCompleted < wantExpected/2 || s.TicksCompleted > s.TicksExpected {
			t.Errorf("every %v: ticksCompleted = %d of %d expected, want most of them", tc.interval, s.TicksCompleted, s.TicksExpected)
		}
		if s.LagMs < 0 || s.MaxLagMs < s.LagMs {
			t.Errorf("every %v: lagMs %v, maxLagMs %v: want 0 ≤ lag ≤ max", tc.interval, s.LagMs, s.MaxLagMs)
		}
	}
}

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestHandlerJSON(t *testing.T) {
	clock := &fakeClock{time.Unix(1000, 0)}
	bg := newTicker(10*time.Millisecond, 1, 64, clock.now)
	info.SetExtra(bg.info)
	defer info.SetExtra(nil)
	// Three ticks, the second 7 ms late; then the most recent one 2 ms late.
	for i, late := range []time.Duration{0, 7, 2} {
		due := time.Unix(1000, 0).Add(time.Duration(i+1) * 10 * time.Millisecond)
		clock.t = due.Add(late * time.Millisecond)
		bg.tick(due)
	}
	clock.t = time.Unix(1000, 0).Add(45 * time.Millisecond)

	tests := []struct {
		path string
		want map[string]any
	}{
		{"/ticks", map[string]any{"ticksCompleted": 3.0, "ticksExpected": 4.0, "lagMs": 2.0, "maxLagMs": 7.0}},
		// /ticks started no new period: / still sees the 7 ms, then starts one.
		{"/", map[string]any{"ticksCompleted": 3.0, "ticksExpected": 4.0, "lagMs": 2.0, "maxLagMs": 7.0}},
		{"/", map[string]any{"ticksCompleted": 3.0, "ticksExpected": 4.0, "lagMs": 2.0, "maxLagMs": 0.0}},
		{"/anything", map[string]any{"ticksCompleted": 3.0, "ticksExpected": 4.0, "lagMs": 2.0, "maxLagMs": 0.0}},
	}
	for _, tc := range tests {
		got := get(t, bg, tc.path)
		if len(got) != len(tc.want) {
			t.Errorf("GET %s = %v, want %v", tc.path, got, tc.want)
		}
		for k, v := range tc.want {
			if got[k] != v {
				t.Errorf("GET %s: %s = %v, want %v", tc.path, k, got[k], v)
			}
		}
	}
	extra, _ := get(t, bg, "/info")["extra"].(map[string]any)
	if extra["ticksCompleted"] != 3.0 || extra["ticksExpected"] != 4.0 || extra["lagMs"] != 2.0 || extra["maxLagMs"] != 0.0 {
		t.Errorf("GET /info: extra = %v, want the counters", extra)
	}
}

// TestFrozenTicksFallBehind plays a freeze on a fake clock: no tick runs
// while the clock moves on, and the first one after it runs late.
func TestFrozenTicksFallBehind(t *testing.T) {
	const interval = 10 * time.Millisecond
	start := time.Unix(1000, 0)
	clock := &fakeClock{start}
	bg := newTicker(interval, 1, 64, clock.now)
	due := start
	tests := []struct {
		name       string
		advance    time.Duration // clock moves this far, one tick per interval unless frozen
		frozen     bool
		want       stats
		wantBehind int64 // ticksExpected - ticksCompleted
	}{
		{"running", 50 * time.Millisecond, false, stats{5, 5, 0, 0}, 0},
		{"frozen", 200 * time.Millisecond, true, stats{5, 25, 0, 0}, 20},
		{"still frozen", 1000 * time.Millisecond, true, stats{5, 125, 0, 0}, 120},
		// The ticker had the next tick due at 60 ms: it runs at the thaw,
		// 1.19 s late, and the ticks between are lost.
		{"thawed", 0, false, stats{6, 125, 1190, 1190}, 119},
	}
	for _, tc := range tests {
		end := clock.t.Add(tc.advance)
		if tc.frozen {
			clock.t = end
		} else if tc.advance == 0 {
			due = due.Add(interval)
			bg.tick(due)
		} else {
			for due.Add(interval).Compare(end) <= 0 {
				due = due.Add(interval)
				clock.t = due
				bg.tick(due)
			}
		}
		got := bg.read(false)
		if got != tc.want || got.TicksExpected-got.TicksCompleted != tc.wantBehind {
			t.Errorf("%s: %+v, want %+v (%d behind)", tc.name, got, tc.want, tc.wantBehind)
		}
	}
}

// TestFreezeShowsInTheCounters stops the real ticking goroutine by holding
// a gate between its time.Ticker and it, as a platform that takes the CPU
// away would.
func TestFreezeShowsInTheCounters(t *testing.T) {
	const interval = 5 * time.Millisecond
	const freeze = 100 * time.Millisecond
	bg := newTicker(interval, 10, 4096, time.Now)
	tk := time.NewTicker(interval)
	defer tk.Stop()
	var gate sync.Mutex
	gated := make(chan time.Time)
	go func() {
		for due := range tk.C {
			gate.Lock()
			gate.Unlock()
			gated <- due
		}
	}()
	go bg.run(gated)

	time.Sleep(30 * time.Millisecond)
	gate.Lock()
	time.Sleep(interval) // a tick already past the gate may still complete
	before := bg.read(true)
	time.Sleep(freeze)
	during := bg.read(false)
	gate.Unlock()
	deadline := time.Now().Add(time.Second)
	for bg.read(false).TicksCompleted <= during.TicksCompleted && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	after := bg.read(false)

	tests := []struct {
		name string
		ok   bool
	}{
		{"no tick completes while frozen", during.TicksCompleted == before.TicksCompleted},
		{"ticksExpected - ticksCompleted grows by the freeze", (during.TicksExpected-during.TicksCompleted)-(before.TicksExpected-before.TicksCompleted) >= int64(freeze/interval)*3/4},
		{"ticks resume after the thaw", after.TicksCompleted > during.TicksCompleted},
		{"the first tick after the thaw is late by about the freeze", after.MaxLagMs >= float64(freeze/time.Millisecond)*3/4},
	}
	for _, tc := range tests {
		if !tc.ok {
			t.Errorf("%s: before %+v, during %+v, after %+v", tc.name, before, during, after)
		}
	}
}

func BenchmarkTick(b *testing.B) {
	cfg := readConfig()
	bg := newTicker(cfg.interval, cfg.tickIters, cfg.tickAllocBytes, time.Now)
	for b.Loop() {
		bg.tick(time.Now())
	}
}

func BenchmarkRequest(b *testing.B) {
	cfg := readConfig()
	h := newTicker(cfg.interval, 0, 0, time.Now).handler(cfg.reqIters)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	}
}
