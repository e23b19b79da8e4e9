package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestConcurrencyLimit(t *testing.T) {
	tests := []struct {
		name        string
		concurrency int
		instances   int
	}{
		{"N=1, one instance", 1, 1},
		{"N=3, one instance", 3, 1},
		{"N=3, two instances", 3, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, srv, _ := newTestProxy(t, Config{Concurrency: tc.concurrency})
			peaks := make([]atomic.Int64, tc.instances)
			for i := range tc.instances {
				var now atomic.Int64
				inst := newInstance(t, strconv.Itoa(i), func(w http.ResponseWriter, r *http.Request) {
					n := now.Add(1)
					for peak := peaks[i].Load(); n > peak && !peaks[i].CompareAndSwap(peak, n); peak = peaks[i].Load() {
					}
					time.Sleep(time.Millisecond)
					now.Add(-1)
				})
				if err := p.add(strconv.Itoa(i), inst.URL); err != nil {
					t.Fatal(err)
				}
			}
			const clients, each = 50, 4
			var wg sync.WaitGroup
			for range clients {
				wg.Go(func() {
					for range each {
						if resp, _ := get(t, srv.URL); resp != nil && resp.StatusCode != 200 {
							t.Errorf("status %d", resp.StatusCode)
						}
					}
				})
			}
			wg.Wait()
			for i := range peaks {
				if peak := peaks[i].Load(); peak != int64(tc.concurrency) {
					t.Errorf("instance %d had %d requests at once, want at most and at some point %d", i, peak, tc.concurrency)
				}
			}
			if inFlight, depth, served, _, _ := p.state(); inFlight != 0 || depth != 0 || served != clients*each {
				t.Errorf("in flight %d, queued %d, served %d; want 0, 0, %d", inFlight, depth, served, clients*each)
			}
		})
	}
}

func TestQueueIsFIFO(t *testing.T) {
	p, srv, events := newTestProxy(t, Config{Concurrency: 1})
	var mu sync.Mutex
	var order []string
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	inst := newInstance(t, "slow", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		order = append(order, r.URL.Query().Get("n"))
		mu.Unlock()
		arrived <- struct{}{}
		<-release
	})
	if err := p.add("slow", inst.URL); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { get(t, fmt.Sprintf("%s/?n=%d", srv.URL, i)) })
		if i == 0 {
			<-arrived // the first is in flight; the rest queue
		} else {
			waitUntil(t, fmt.Sprintf("%d queued", i), func() bool { _, d, _, _, _ := p.state(); return d == i })
		}
	}
	// However the queued events were rate limited, the last shows the whole queue.
	waitUntil(t, "a queued event shows the whole queue", func() bool {
		all := events.all()
		for i := len(all) - 1; i >= 0; i-- {
			if all[i]["event"] == "queued" {
				return all[i]["depth"] == float64(n-1)
			}
		}
		return false
	})
	go func() {
		for range arrived {
		}
	}()
	close(release)
	wg.Wait()
	close(arrived)
	want := make([]string, n)
	for i := range want {
		want[i] = strconv.Itoa(i)
	}
	if !slices.Equal(order, want) {
		t.Errorf("served in order %v, want %v", order, want)
	}
}

func TestQueueTimeout(t *testing.T) {
	tests := []struct {
		name     string
		instance bool // one instance, busy throughout
	}{
		{"no instance", false},
		{"the only instance busy", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const timeout = 50 * time.Millisecond
			p, srv, events := newTestProxy(t, Config{Concurrency: 1, QueueTimeout: timeout})
			release := make(chan struct{})
			var busy sync.WaitGroup
			if tc.instance {
				inst := newInstance(t, "i1", func(w http.ResponseWriter, r *http.Request) { <-release })
				if err := p.add("i1", inst.URL); err != nil {
					t.Fatal(err)
				}
				busy.Go(func() { get(t, srv.URL) })
				events.next(t, "busy")
			}
			resp, body := get(t, srv.URL)
			close(release)
			busy.Wait()
			if resp.StatusCode != http.StatusTooManyRequests || body != `{"error":"no instance available within 50ms"}` {
				t.Errorf("got %d %s, want 429 and the error", resp.StatusCode, body)
			}
			if us, _ := strconv.Atoi(resp.Header.Get(queueHeader)); us < int(timeout.Microseconds()) {
				t.Errorf("%s: %q, want at least %d", queueHeader, resp.Header.Get(queueHeader), timeout.Microseconds())
			}
			if q := events.next(t, "queued"); q["depth"] != 1.0 {
				t.Errorf("queued event %v, want depth 1", q)
			}
			if _, depth, _, throttled, _ := p.state(); depth != 0 || throttled != 1 {
				t.Errorf("queued %d, throttled %d; want 0, 1", depth, throttled)
			}
			if s := p.stats(); !strings.Contains(string(s), `"throttled":1`) {
				t.Errorf("stats %s, want throttled 1", s)
			}
		})
	}
}

// TestPick drives acquire and release directly: no request reaches an instance.
func TestPick(t *testing.T) {
	type step struct {
		op string // take (want: the instance, "" for none), release, drain, remove, add
		id string
	}
	tests := []struct {
		name        string
		concurrency int
		ids         []string
		steps       []step
	}{
		{"ties go to the first added", 3, []string{"a", "b", "c"}, []step{
			{"take", "a"}, {"take", "b"}, {"take", "c"}, {"take", "a"}, {"take", "b"},
			{"release", "a"}, {"take", "a"}, {"take", "c"}, {"take", "a"}, {"take", "b"}, {"take", "c"}, {"take", ""},
		}},
		{"fewest in flight", 3, []string{"a", "b"}, []step{
			{"take", "a"}, {"take", "b"}, {"take", "a"}, {"take", "b"},
			{"release", "b"}, {"release", "b"}, {"take", "b"}, {"take", "b"}, {"take", "a"},
		}},
		{"a new instance is the emptiest", 2, []string{"a"}, []step{
			{"take", "a"}, {"add", "b"}, {"take", "b"}, {"take", "a"}, {"take", "b"}, {"take", ""},
		}},
		{"a draining instance gets nothing", 2, []string{"a", "b"}, []step{
			{"drain", "a"}, {"take", "b"}, {"take", "b"}, {"take", ""},
		}},
		{"a removed instance gets nothing", 1, []string{"a", "b"}, []step{
			{"remove", "a"}, {"take", "b"}, {"take", ""},
		}},
		{"full", 1, []string{"a"}, []step{{"take", "a"}, {"take", ""}, {"release", "a"}, {"take", "a"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _, _ := newTestProxy(t, Config{Concurrency: tc.concurrency})
			add := func(id string) {
				if err := p.add(id, "http://127.0.0.1:9"); err != nil {
					t.Fatal(err)
				}
			}
			for _, id := range tc.ids {
				add(id)
			}
			held := map[string][]*instance{}
			cancelled, cancel := context.WithCancel(context.Background())
			cancel() // a take that would queue gives up at once
			for i, s := range tc.steps {
				var err error
				switch s.op {
				case "take":
					tk := p.acquire(cancelled)
					got := ""
					if tk.inst != nil {
						got = tk.inst.id
						held[got] = append(held[got], tk.inst)
					}
					if got != s.id {
						t.Fatalf("step %d: took %q, want %q", i, got, s.id)
					}
				case "release":
					p.release(held[s.id][0], served, nil)
					held[s.id] = held[s.id][1:]
				case "drain":
					err = p.drain(s.id)
				case "remove":
					err = p.remove(s.id)
				case "add":
					add(s.id)
				}
				if err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
			}
		})
	}
}

// TestPressure: with a target utilization, taking slots past that share of the
// instances' slots asks for instances; without one, nothing does until a request queues.
func TestPressure(t *testing.T) {
	p, _, log := newTestProxy(t, Config{Concurrency: 10, TargetUtilization: 0.6})
	if err := p.add("a", "http://127.0.0.1:9"); err != nil {
		t.Fatal(err)
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	// 6 of 10 slots is the target, not above it: the first pressure comes with the 7th.
	for range 7 {
		p.acquire(done)
	}
	if got := log.next(t, "pressure")["inFlight"]; got != float64(7) {
		t.Fatalf("first pressure at %v in flight, want 7", got)
	}

	quiet, _, quietLog := newTestProxy(t, Config{Concurrency: 10})
	if err := quiet.add("a", "http://127.0.0.1:9"); err != nil {
		t.Fatal(err)
	}
	// Events go out in order: any pressure would come before the queued event of the 11th request.
	for range 11 {
		quiet.acquire(done)
	}
	quietLog.next(t, "queued")
	if n := quietLog.count("pressure"); n != 0 {
		t.Fatalf("reactive scaling emitted %d pressure events", n)
	}
}

// TestInFlightMean: stats give the time-average of requests in flight since the last stats.
func TestInFlightMean(t *testing.T) {
	p, _, _ := newTestProxy(t, Config{Concurrency: 4})
	if err := p.add("a", "http://127.0.0.1:9"); err != nil {
		t.Fatal(err)
	}
	p.stats()
	done, cancel := context.WithCancel(context.Background())
	cancel()
	a, b := p.acquire(done), p.acquire(done)
	time.Sleep(100 * time.Millisecond)
	mean := func() float64 {
		var s struct {
			InFlightMean float64 `json:"inFlightMean"`
		}
		if err := json.Unmarshal(p.stats(), &s); err != nil {
			t.Fatal(err)
		}
		return s.InFlightMean
	}
	if m := mean(); m < 1.8 || m > 2 {
		t.Fatalf("two in flight for the whole interval: mean %v", m)
	}
	p.release(a.inst, served, nil)
	p.release(b.inst, served, nil)
	time.Sleep(100 * time.Millisecond)
	if m := mean(); m > 0.1 {
		t.Fatalf("none in flight after the release: mean %v", m)
	}
}
