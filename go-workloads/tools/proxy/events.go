package main

import (
	"bufio"
	"io"
	"strconv"
	"sync"
)

type eventKind uint8

const (
	evListening  eventKind = iota // s: the address
	evBusy                        // id, n: in flight
	evIdle                        // id
	evResume                      // id, n: seq
	evQueued                      // n: queue depth
	evDrained                     // id
	evError                       // id, n: the instance's errors so far, s: the error
	evBadCommand                  // s: what was wrong
	evPressure                    // n: requests in flight, above the target utilization
	evRaw                         // raw: a line already encoded (stats)
)

// event is one stdout line before encoding; passing it by value allocates nothing.
type event struct {
	kind eventKind
	id   string
	n    int64
	s    string
	raw  []byte
}

// appendJSON appends the event as one JSON line.
func (e *event) appendJSON(b []byte) []byte {
	switch e.kind {
	case evListening:
		b = append(b, `{"event":"listening","addr":`...)
		b = appendString(b, e.s)
	case evBusy:
		b = append(b, `{"event":"busy","id":`...)
		b = appendString(b, e.id)
		b = append(b, `,"inFlight":`...)
		b = strconv.AppendInt(b, e.n, 10)
	case evIdle:
		b = append(b, `{"event":"idle","id":`...)
		b = appendString(b, e.id)
	case evResume:
		b = append(b, `{"event":"resume","id":`...)
		b = appendString(b, e.id)
		b = append(b, `,"seq":`...)
		b = strconv.AppendInt(b, e.n, 10)
	case evQueued:
		b = append(b, `{"event":"queued","depth":`...)
		b = strconv.AppendInt(b, e.n, 10)
	case evDrained:
		b = append(b, `{"event":"drained","id":`...)
		b = appendString(b, e.id)
	case evError:
		b = append(b, `{"event":"error","id":`...)
		b = appendString(b, e.id)
		b = append(b, `,"errors":`...)
		b = strconv.AppendInt(b, e.n, 10)
		b = append(b, `,"error":`...)
		b = appendString(b, e.s)
	case evPressure:
		b = append(b, `{"event":"pressure","inFlight":`...)
		b = strconv.AppendInt(b, e.n, 10)
	case evBadCommand:
		b = append(b, `{"event":"bad-command","error":`...)
		b = appendString(b, e.s)
	case evRaw:
		return append(append(b, e.raw...), '\n')
	}
	return append(b, '}', '\n')
}

// appendString appends s as a JSON string. Bytes from 0x80 up pass as they are.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// emitter writes events as JSON lines from one goroutine, in the order they
// were emitted. emit never blocks on the writer: a slow reader only lets
// events pile up in memory.
type emitter struct {
	out     *bufio.Writer
	mu      sync.Mutex
	pending []event
	wake    chan struct{} // capacity 1
	stop    chan struct{}
	done    chan struct{}
}

func newEmitter(w io.Writer) *emitter {
	e := &emitter{
		out:  bufio.NewWriterSize(w, 64<<10),
		wake: make(chan struct{}, 1),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	go e.run()
	return e
}

func (e *emitter) emit(ev event) {
	e.mu.Lock()
	e.pending = append(e.pending, ev)
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

func (e *emitter) run() {
	defer close(e.done)
	var batch []event
	var line []byte
	for {
		stopping := false
		select {
		case <-e.wake:
		case <-e.stop:
			stopping = true
		}
		e.mu.Lock()
		batch, e.pending = e.pending, batch[:0]
		e.mu.Unlock()
		for i := range batch {
			line = batch[i].appendJSON(line[:0])
			e.out.Write(line)
			batch[i] = event{} // drop references
		}
		e.out.Flush()
		if stopping {
			return
		}
	}
}

// close writes what was emitted so far and stops the writer; later events are dropped.
func (e *emitter) close() {
	close(e.stop)
	<-e.done
}
