package main

import (
	"strings"
	"sync"
)

// headerCapture keeps one response header's value while a response is read.
type headerCapture struct {
	name  string // lowercase
	value []byte // reused from response to response
	found bool
}

// newCapture is a capture of the named header, or nil when name is "".
func newCapture(name string) *headerCapture {
	if name == "" {
		return nil
	}
	return &headerCapture{name: strings.ToLower(name)}
}

// maxHeaderValues bounds headerCounts: values past it count under otherHeaderValue.
const (
	maxHeaderValues  = 10_000
	otherHeaderValue = "(other)"
)

// headerCounts counts responses by their value of one header (e.g. which
// serverless instance answered). Safe for concurrent use.
type headerCounts struct {
	mu      sync.Mutex
	byValue map[string]*int64 // pointers: counting a value seen before allocates nothing
	other   int64
}

// newHeaderCounts is a counter for the named header, or nil when name is "".
func newHeaderCounts(name string) *headerCounts {
	if name == "" {
		return nil
	}
	return &headerCounts{byValue: map[string]*int64{}}
}

func (h *headerCounts) add(value []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := h.byValue[string(value)]; n != nil {
		*n++
		return
	}
	if len(h.byValue) >= maxHeaderValues {
		h.other++
		return
	}
	n := int64(1)
	h.byValue[string(value)] = &n
}

// counts is the tally for the result; nil when no header was counted.
func (h *headerCounts) counts() map[string]int64 {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	m := make(map[string]int64, len(h.byValue)+1)
	for v, n := range h.byValue {
		m[v] = *n
	}
	if h.other > 0 {
		m[otherHeaderValue] += h.other
	}
	return m
}
