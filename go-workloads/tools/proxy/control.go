package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// command is one line of the control protocol on stdin.
type command struct {
	Cmd string `json:"cmd"` // add, drain, remove, resumed, stats
	ID  string `json:"id"`
	URL string `json:"url"` // add
	Seq int64  `json:"seq"` // resumed
}

// control applies commands read from r, one JSON object a line, until r ends.
// A command it cannot apply is answered with a bad-command event.
func (p *Proxy) control(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 1<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := p.command(line); err != nil {
			p.ev.emit(event{kind: evBadCommand, s: err.Error()})
		}
	}
	return sc.Err()
}

func (p *Proxy) command(line []byte) error {
	var c command
	if err := json.Unmarshal(line, &c); err != nil {
		return fmt.Errorf("not a command: %v", err)
	}
	switch c.Cmd {
	case "add":
		return p.add(c.ID, c.URL)
	case "drain":
		return p.drain(c.ID)
	case "remove":
		return p.remove(c.ID)
	case "resumed":
		p.resumed(c.ID, c.Seq)
	case "stats":
		p.ev.emit(event{kind: evRaw, raw: p.stats()})
	default:
		return fmt.Errorf("unknown cmd %q", c.Cmd)
	}
	return nil
}

type instanceStats struct {
	ID       string `json:"id"`
	InFlight int    `json:"inFlight"`
	Served   int64  `json:"served"`
	Errors   int64  `json:"errors"`
	Draining bool   `json:"draining"`
}

type waitStats struct {
	P50   uint64 `json:"p50"`
	P99   uint64 `json:"p99"`
	Max   uint64 `json:"max"`
	Count uint64 `json:"count"`
}

// stats is a stats event: in flight and queued now; served, throttled,
// errors and queue waits since the last stats, which it starts anew. The
// stats command is the only caller, so the spare histogram is its own.
func (p *Proxy) stats() []byte {
	s := struct {
		Event        string          `json:"event"`
		InFlight     int             `json:"inFlight"`
		QueueDepth   int             `json:"queueDepth"`
		Instances    []instanceStats `json:"instances"`
		InFlightMean float64         `json:"inFlightMean"` // since the last stats
		Served       int64           `json:"served"`
		Throttled    int64           `json:"throttled"`
		Errors       int64           `json:"errors"`
		Wait         waitStats       `json:"queueWaitUs"`
	}{Event: "stats", Instances: []instanceStats{}}
	p.mu.Lock()
	s.InFlight, s.QueueDepth = p.inFlight, p.depth
	p.addInFlightLocked(0)
	if since := p.lastChange - p.lastStats; since > 0 {
		s.InFlightMean = float64(p.inFlightNs) / float64(since)
	}
	p.inFlightNs, p.lastStats = 0, p.lastChange
	s.Served, s.Throttled, s.Errors = p.served, p.throttled, p.errors
	p.served, p.throttled, p.errors = 0, 0, 0
	for _, in := range p.insts {
		s.Instances = append(s.Instances, instanceStats{in.id, in.inFlight, in.served, in.errors, in.draining})
		in.served, in.errors = 0, 0
	}
	h := p.wait
	p.wait, p.spare = p.spare, h
	p.mu.Unlock()

	s.Wait = waitStats{h.quantile(0.5), h.quantile(0.99), h.max, h.n}
	h.reset()
	b, _ := json.Marshal(s)
	return b
}
