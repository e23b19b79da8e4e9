// ticker measures what happens to a service's background work when the
// platform takes its CPU away between requests (claim C10: Cloud Run with
// request-based CPU, or a frozen Lambda environment). A goroutine started in
// main ticks every TICK_MS (default 10): each tick burns TICK_CPU_ITERS hash
// rounds (default 750, about 0.5 ms of CPU) and allocates TICK_ALLOC_BYTES
// (default 64 KiB, kept for the next 16 ticks so the GC has steady work).
// While the process is frozen no tick completes, so ticksCompleted falls
// behind ticksExpected (wall time since start / TICK_MS), and the first tick
// after the thaw runs late by about as long as the freeze.
//
// Each request to / burns REQ_CPU_ITERS hash rounds (default 1500, about
// 1 ms) and answers, as JSON, ticksCompleted, ticksExpected, lagMs (how late
// the most recent tick started: from the time the ticker stamped on it to
// when its work began) and maxLagMs (the largest lag since the previous
// request to /). GET /ticks answers the same without the work and without
// starting a new maxLagMs period; /info carries the same figures under
// "extra".
package main

import (
	"encoding/json"
	"log"
	"math"
	"net/http"
	"sync/atomic"
	"time"

	"gosweep/info"
	"gosweep/workloads/internal/serve"
	"gosweep/workloads/internal/work"
)

// config is the knobs, from the environment.
type config struct {
	interval       time.Duration
	tickIters      int
	tickAllocBytes int
	reqIters       int
}

func readConfig() config {
	return config{
		interval:       time.Duration(serve.EnvInt("TICK_MS", 10)) * time.Millisecond,
		tickIters:      serve.EnvInt("TICK_CPU_ITERS", 750),
		tickAllocBytes: serve.EnvInt("TICK_ALLOC_BYTES", 64<<10),
		reqIters:       serve.EnvInt("REQ_CPU_ITERS", 1500),
	}
}

// keptTicks is how many ticks each tick's allocation stays reachable for.
const keptTicks = 16

// ticker is the background work and its counters.
type ticker struct {
	interval   time.Duration
	iters      int
	allocBytes int
	now        func() time.Time
	start      time.Time

	completed atomic.Int64
	lastLag   atomic.Int64 // ns
	maxLag    atomic.Int64 // ns, since the last takeMaxLag

	kept [keptTicks][]byte // only the ticking goroutine touches it
	next int
}

func newTicker(interval time.Duration, iters, allocBytes int, now func() time.Time) *ticker {
	return &ticker{interval: interval, iters: iters, allocBytes: allocBytes, now: now, start: now()}
}

// run does one tick for every time received on ticks, until ticks is closed.
func (t *ticker) run(ticks <-chan time.Time) {
	for scheduled := range ticks {
		t.tick(scheduled)
	}
}

// tick does one tick's work; scheduled is when it was due, as a
// time.Ticker stamps it.
func (t *ticker) tick(scheduled time.Time) {
	lag := max(0, int64(t.now().Sub(scheduled)))
	work.Burn(t.iters)
	if t.allocBytes > 0 {
		b := make([]byte, t.allocBytes)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		t.kept[t.next] = b
		t.next = (t.next + 1) % keptTicks
	}
	t.lastLag.Store(lag)
	for m := t.maxLag.Load(); lag > m && !t.maxLag.CompareAndSwap(m, lag); m = t.maxLag.Load() {
	}
	t.completed.Add(1)
}

// stats is what / and /ticks answer.
type stats struct {
	TicksCompleted int64   `json:"ticksCompleted"`
	TicksExpected  int64   `json:"ticksExpected"`
	LagMs          float64 `json:"lagMs"`
	MaxLagMs       float64 `json:"maxLagMs"`
}

// read samples the counters; with newPeriod it starts a new maxLagMs period.
func (t *ticker) read(newPeriod bool) stats {
	maxLag := t.maxLag.Load()
	if newPeriod {
		maxLag = t.maxLag.Swap(0)
	}
	return stats{
		TicksCompleted: t.completed.Load(),
		TicksExpected:  int64(t.now().Sub(t.start) / t.interval),
		LagMs:          ms(t.lastLag.Load()),
		MaxLagMs:       ms(maxLag),
	}
}

// info is the counters for /info, where reading them starts no new maxLagMs period.
func (t *ticker) info() map[string]any {
	s := t.read(false)
	return map[string]any{"ticksCompleted": s.TicksCompleted, "ticksExpected": s.TicksExpected, "lagMs": s.LagMs, "maxLagMs": s.MaxLagMs}
}

// ms is ns in milliseconds, to the microsecond.
func ms(ns int64) float64 { return math.Round(float64(ns)/1e3) / 1e3 }

// handler serves / (the request work, then the counters) and /ticks (the counters only).
func (t *ticker) handler(iters int) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ticks", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, t.read(false))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		work.Burn(iters)
		writeJSON(w, t.read(true))
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

func main() {
	cfg := readConfig()
	if cfg.interval <= 0 {
		log.Fatal("TICK_MS=0: want at least 1")
	}
	bg := newTicker(cfg.interval, cfg.tickIters, cfg.tickAllocBytes, time.Now)
	go bg.run(time.NewTicker(cfg.interval).C)
	info.SetExtra(bg.info)
	serve.Run("ticker", bg.handler(cfg.reqIters))
}
