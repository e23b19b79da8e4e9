package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Config is what the flags set.
type Config struct {
	Concurrency  int           // most requests in flight to one instance
	QueueTimeout time.Duration // longest wait in the queue before a 429
	ResumeHook   bool          // hold a request on an idle instance until the control loop resumes it
	// TargetUtilization, when above 0, asks for more instances (pressure events)
	// once requests in flight pass this share of what the taking instances hold:
	// Cloud Run's documented target of 60% of max concurrency. At 0 only a
	// queued request asks (reactive).
	TargetUtilization float64
}

// instance is one server the proxy forwards to: a container of the user's service.
type instance struct {
	id        string
	host      string // host:port
	transport *http.Transport

	// Guarded by Proxy.mu. served and errors count since the last stats.
	inFlight  int
	served    int64
	errors    int64
	errTotal  int64 // errors since it was added, for error events
	draining  bool
	removed   bool
	gate      *gate         // the pending resume; nil when there is none
	lastError time.Duration // when the last error event went out
}

// gate holds requests to an instance until the control loop has resumed it.
type gate struct {
	seq  int64
	done chan struct{} // closed when resumed
}

// waiter is a request in the queue, a node of a doubly linked list; pooled.
type waiter struct {
	prev, next *waiter
	queued     bool
	enq        time.Duration
	ready      chan struct{} // capacity 1; signalled once the fields below are set
	inst       *instance     // nil: throttled
	gate       *gate
	wait       time.Duration
}

var waiters = sync.Pool{New: func() any { return &waiter{ready: make(chan struct{}, 1)} }}

// ticket is the outcome of acquire: a slot on inst, or no instance.
type ticket struct {
	inst      *instance // nil: throttled or cancelled
	gate      *gate     // non-nil: wait for it before forwarding
	wait      time.Duration
	throttled bool
}

// outcome is how a forwarded request ended, for the counters.
type outcome uint8

const (
	cancelled outcome = iota // the client went away
	served                   // the instance answered
	failed                   // no answer from the instance: a 502
)

// Proxy spreads requests over instances, at most Concurrency in flight to
// each, the rest in one FIFO queue. Its lock is held for bookkeeping only,
// never while a request is forwarded.
type Proxy struct {
	cfg     Config
	ev      *emitter
	epoch   time.Time
	tooBusy []byte // the 429 body

	mu         sync.Mutex
	insts      []*instance // in the order they were added: ties go to the first
	head, tail *waiter
	depth      int
	expiry     *time.Timer // armed for the head's timeout, or earlier, while the queue is not empty
	queuedTick *time.Timer // a queued event held back by the rate limit
	queuedHeld bool
	lastQueued time.Duration
	lastPress  time.Duration
	noResume   bool // stdin is closed: nobody can answer a resume
	seq        int64
	inFlight   int
	// The integral of inFlight over time since the last stats (ns), to its last change.
	inFlightNs int64
	lastChange time.Duration
	lastStats  time.Duration
	served     int64 // these three, and wait, count since the last stats
	throttled  int64
	errors     int64
	wait       *histogram // queue waits, µs
	spare      *histogram
}

// queuedEvery is the most often a queued event goes out.
const queuedEvery = time.Millisecond

// errorEvery is the most often an error event goes out for one instance.
const errorEvery = 100 * time.Millisecond

func New(cfg Config, ev *emitter) *Proxy {
	p := &Proxy{
		cfg:        cfg,
		ev:         ev,
		epoch:      time.Now(),
		tooBusy:    fmt.Appendf(nil, `{"error":"no instance available within %v"}`, cfg.QueueTimeout),
		lastQueued: -queuedEvery,
		lastPress:  -queuedEvery,
		wait:       new(histogram),
		spare:      new(histogram),
	}
	p.expiry = time.AfterFunc(time.Hour, p.expire)
	p.expiry.Stop()
	p.queuedTick = time.AfterFunc(time.Hour, p.queuedLate)
	p.queuedTick.Stop()
	return p
}

// now is the time since the proxy started, on the monotonic clock.
func (p *Proxy) now() time.Duration { return time.Since(p.epoch) }

// acquire takes a slot on the best instance, queueing for one if need be.
func (p *Proxy) acquire(ctx context.Context) ticket {
	p.mu.Lock()
	if p.head == nil {
		if in := p.pickLocked(); in != nil {
			g := p.takeLocked(in)
			p.wait.record(0)
			p.mu.Unlock()
			return ticket{inst: in, gate: g}
		}
	}
	w := waiters.Get().(*waiter)
	w.enq = p.now()
	p.pushLocked(w)
	p.noteQueuedLocked(w.enq)
	p.mu.Unlock()

	select {
	case <-w.ready:
	case <-ctx.Done():
		p.mu.Lock()
		if w.queued {
			p.unlinkLocked(w)
			p.mu.Unlock()
			waiters.Put(w)
			return ticket{}
		}
		p.mu.Unlock()
		<-w.ready // dispatched or throttled meanwhile
		if w.inst != nil {
			p.release(w.inst, cancelled, nil)
		}
		w.inst, w.gate = nil, nil
		waiters.Put(w)
		return ticket{}
	}
	t := ticket{inst: w.inst, gate: w.gate, wait: w.wait, throttled: w.inst == nil}
	w.inst, w.gate = nil, nil
	waiters.Put(w)
	return t
}

// release gives back a slot taken by acquire: to the head of the queue if
// the instance still takes requests and someone is waiting.
func (p *Proxy) release(in *instance, o outcome, err error) {
	p.mu.Lock()
	switch o {
	case served:
		in.served++
		p.served++
	case failed:
		in.errors++
		in.errTotal++
		p.errors++
		if now := p.now(); !in.removed && (in.errTotal == 1 || now-in.lastError >= errorEvery) {
			in.lastError = now
			p.ev.emit(event{kind: evError, id: in.id, n: in.errTotal, s: err.Error()})
		}
	}
	if p.head != nil && !in.draining && !in.removed {
		p.handLocked(p.popLocked(), in)
		p.mu.Unlock()
		return
	}
	in.inFlight--
	p.addInFlightLocked(-1)
	if in.inFlight > 0 {
		p.mu.Unlock()
		return
	}
	if in.gate != nil { // all its holders went away
		close(in.gate.done)
		in.gate = nil
	}
	if !in.removed {
		p.ev.emit(event{kind: evIdle, id: in.id})
		if in.draining {
			p.ev.emit(event{kind: evDrained, id: in.id})
		}
	}
	p.mu.Unlock()
	if in.removed {
		in.transport.CloseIdleConnections()
	}
}

// pickLocked is the instance to send a request to: of those taking requests
// with a free slot, the one with the fewest in flight, the earliest added on a tie.
func (p *Proxy) pickLocked() *instance {
	var best *instance
	for _, in := range p.insts {
		if in.draining || in.inFlight >= p.cfg.Concurrency {
			continue
		}
		if best == nil || in.inFlight < best.inFlight {
			best = in
			if in.inFlight == 0 {
				break
			}
		}
	}
	return best
}

// takeLocked takes a free slot on in; the gate, if any, is the resume to wait for.
func (p *Proxy) takeLocked(in *instance) *gate {
	in.inFlight++
	p.addInFlightLocked(1)
	p.notePressureLocked()
	if in.inFlight == 1 {
		p.ev.emit(event{kind: evBusy, id: in.id, n: 1})
		if p.cfg.ResumeHook && !p.noResume {
			p.seq++
			in.gate = &gate{seq: p.seq, done: make(chan struct{})}
			p.ev.emit(event{kind: evResume, id: in.id, n: p.seq})
		}
	}
	return in.gate
}

// handLocked gives w the slot on in it has taken for it, and wakes it.
func (p *Proxy) handLocked(w *waiter, in *instance) {
	w.inst, w.gate = in, in.gate
	w.wait = p.now() - w.enq
	p.wait.record(uint64(w.wait.Microseconds()))
	w.ready <- struct{}{}
}

// dispatchLocked hands queued requests the free slots, as after an add.
func (p *Proxy) dispatchLocked() {
	for p.head != nil {
		in := p.pickLocked()
		if in == nil {
			return
		}
		p.takeLocked(in)
		p.handLocked(p.popLocked(), in)
	}
}

func (p *Proxy) pushLocked(w *waiter) {
	w.queued = true
	w.prev, w.next = p.tail, nil
	if p.tail == nil {
		p.head = w
		p.expiry.Reset(p.cfg.QueueTimeout)
	} else {
		p.tail.next = w
	}
	p.tail = w
	p.depth++
}

func (p *Proxy) popLocked() *waiter {
	w := p.head
	p.unlinkLocked(w)
	return w
}

func (p *Proxy) unlinkLocked(w *waiter) {
	if w.prev == nil {
		p.head = w.next
	} else {
		w.prev.next = w.next
	}
	if w.next == nil {
		p.tail = w.prev
	} else {
		w.next.prev = w.prev
	}
	w.prev, w.next, w.queued = nil, nil, false
	p.depth--
}

// expire answers the requests queued for QueueTimeout with a 429. All wait
// the same time, so the oldest is always the head: one timer serves the queue.
func (p *Proxy) expire() {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for p.head != nil && now-p.head.enq >= p.cfg.QueueTimeout {
		w := p.popLocked()
		w.inst, w.gate, w.wait = nil, nil, now-w.enq
		p.throttled++
		w.ready <- struct{}{}
	}
	if p.head != nil {
		p.expiry.Reset(p.head.enq + p.cfg.QueueTimeout - now)
	}
}

// noteQueuedLocked emits a queued event for a request just queued, at most one per
// queuedEvery; one held back goes out when the interval is over, so none is lost.
func (p *Proxy) noteQueuedLocked(now time.Duration) {
	if since := now - p.lastQueued; since >= queuedEvery {
		p.lastQueued = now
		p.ev.emit(event{kind: evQueued, n: int64(p.depth)})
	} else if !p.queuedHeld {
		p.queuedHeld = true
		p.queuedTick.Reset(queuedEvery - since)
	}
}

// addInFlightLocked changes the requests in flight, integrating them over time first.
func (p *Proxy) addInFlightLocked(delta int) {
	now := p.now()
	p.inFlightNs += int64(p.inFlight) * int64(now-p.lastChange)
	p.lastChange = now
	p.inFlight += delta
}

// notePressureLocked emits a pressure event, at most one per queuedEvery, while
// the requests in flight are above the target share of the taking instances'
// slots; the control loop scales out to what the target needs.
func (p *Proxy) notePressureLocked() {
	if p.cfg.TargetUtilization <= 0 {
		return
	}
	taking := 0
	for _, in := range p.insts {
		if !in.draining {
			taking++
		}
	}
	if float64(p.inFlight) <= p.cfg.TargetUtilization*float64(p.cfg.Concurrency*taking) {
		return
	}
	if now := p.now(); now-p.lastPress >= queuedEvery {
		p.lastPress = now
		p.ev.emit(event{kind: evPressure, n: int64(p.inFlight)})
	}
}

func (p *Proxy) queuedLate() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queuedHeld = false
	if p.depth > 0 {
		p.lastQueued = p.now()
		p.ev.emit(event{kind: evQueued, n: int64(p.depth)})
	}
}

func (p *Proxy) findLocked(id string) *instance {
	for _, in := range p.insts {
		if in.id == id {
			return in
		}
	}
	return nil
}

// add makes a ready instance available and hands it queued requests.
func (p *Proxy) add(id, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "http" || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("add %q: url must be http://host:port, got %q", id, rawURL)
	}
	if id == "" {
		return errors.New("add: no id")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.findLocked(id) != nil {
		return fmt.Errorf("add %q: the id is taken", id)
	}
	p.insts = append(p.insts, &instance{id: id, host: u.Host, transport: newTransport(p.cfg.Concurrency)})
	p.dispatchLocked()
	return nil
}

// drain stops sending an instance requests; drained goes out once none is in flight.
func (p *Proxy) drain(id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	in := p.findLocked(id)
	if in == nil {
		return fmt.Errorf("drain %q: no such instance", id)
	}
	in.draining = true
	if in.inFlight == 0 {
		p.ev.emit(event{kind: evDrained, id: in.id})
	}
	return nil
}

// remove forgets an instance at once; requests in flight to it run on.
func (p *Proxy) remove(id string) error {
	p.mu.Lock()
	i := slices.IndexFunc(p.insts, func(in *instance) bool { return in.id == id })
	if i < 0 {
		p.mu.Unlock()
		return fmt.Errorf("remove %q: no such instance", id)
	}
	in := p.insts[i]
	p.insts = slices.Delete(p.insts, i, i+1)
	in.removed = true
	if in.gate != nil {
		close(in.gate.done)
		in.gate = nil
	}
	p.mu.Unlock()
	in.transport.CloseIdleConnections()
	return nil
}

// resumed lets the requests held for resume seq of an instance go; a stale seq is ignored.
func (p *Proxy) resumed(id string, seq int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if in := p.findLocked(id); in != nil && in.gate != nil && in.gate.seq == seq {
		close(in.gate.done)
		in.gate = nil
	}
}

// stopResuming lets every held request go and holds no more: the control loop is gone.
func (p *Proxy) stopResuming() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.noResume = true
	for _, in := range p.insts {
		if in.gate != nil {
			close(in.gate.done)
			in.gate = nil
		}
	}
}

// closeIdle closes the idle connections to every instance.
func (p *Proxy) closeIdle() {
	p.mu.Lock()
	insts := slices.Clone(p.insts)
	p.mu.Unlock()
	for _, in := range insts {
		in.transport.CloseIdleConnections()
	}
}

// newTransport keeps up to conc connections to an instance alive between requests.
func newTransport(conc int) *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: conc,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true, // pass Accept-Encoding and bodies through as they are
	}
}
