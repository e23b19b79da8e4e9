package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
)

// MixEntry is one request of a -mix file, validated.
type MixEntry struct {
	Method  string   // "" is GET
	Path    string   // the request target: path and query
	Headers []string // every extra header line it carries: -header's, merged under the entry's own
	Body    []byte
	Weight  int // it is Weight of every sum(weights) requests sent; at least 1
}

// The order repeats every period requests, the sum of the weights divided by
// their greatest common divisor. maxMixPeriod bounds its memory (4 bytes a
// request) and maxMixLayout the work of laying it out, entries × period (a
// tenth of a second).
const (
	maxMixPeriod = 1 << 20
	maxMixLayout = 1 << 24
)

// mixEntryJSON is an entry as the file spells it.
type mixEntryJSON struct {
	Method  string          `json:"method"`
	Path    string          `json:"path"`
	Headers mixHeaders      `json:"headers"`
	Body    string          `json:"body"`
	Weight  json.RawMessage `json:"weight"`
}

// mixHeader is one of an entry's headers; a nil value drops -header's of that name.
type mixHeader struct {
	name  string
	value *string
}

// mixHeaders are an entry's headers in the file's order, which a Go map would lose.
type mixHeaders []mixHeader

func (h *mixHeaders) UnmarshalJSON(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		if t == nil && err == nil {
			return nil // null: none
		}
		return errors.New(`"headers" must be an object, like {"Accept": "application/json"}`)
	}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return err
		}
		name := t.(string) // an object's keys are strings
		var value *string
		if err := d.Decode(&value); err != nil {
			return fmt.Errorf(`header %q: want a string value, or null to drop the -header of that name`, name)
		}
		*h = append(*h, mixHeader{name, value})
	}
	return nil
}

// loadMix reads and validates a -mix file, merging each entry's headers over global (-header's).
func loadMix(file string, global []string) ([]MixEntry, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("-mix: %w", err)
	}
	return parseMix(file, data, global)
}

const mixExample = `[{"method":"GET","path":"/items?id=1","weight":9},{"method":"POST","path":"/items","headers":{"Content-Type":"application/json"},"body":"{}"}]`

// parseMix is loadMix on the file's contents. Errors name the file, the entry
// (counting from 0, as mixCounts does) and the fix.
func parseMix(file string, data []byte, global []string) ([]MixEntry, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line, col := lineColumn(data, syntax.Offset)
			return nil, fmt.Errorf("-mix %s: line %d, column %d: %v: fix the JSON syntax", file, line, col, syntax)
		}
		return nil, fmt.Errorf("-mix %s: want a JSON array of requests, like %s", file, mixExample)
	}
	if len(raw) == 0 {
		return nil, fmt.Errorf("-mix %s: holds no requests: give at least one, like %s", file, mixExample)
	}
	mix := make([]MixEntry, len(raw))
	for i, r := range raw {
		m, err := parseMixEntry(r, global)
		if err != nil {
			return nil, fmt.Errorf("-mix %s: entry %d (the %s): %v", file, i, ordinal(i+1), err)
		}
		mix[i] = m
	}
	if period := mixPeriod(mix); period > maxMixPeriod || len(mix)*period > maxMixLayout {
		sum := strconv.Itoa(period)
		if period > maxMixPeriod {
			sum = fmt.Sprintf("more than %d", maxMixPeriod)
		}
		return nil, fmt.Errorf("-mix %s: %d entries whose weights sum to %s (divided by their greatest common divisor) are too fine a mix to lay out: keep that sum at most %d and entries × that sum at most %d, by rounding the weights to coarser steps",
			file, len(mix), sum, maxMixPeriod, maxMixLayout)
	}
	return mix, nil
}

func parseMixEntry(raw json.RawMessage, global []string) (MixEntry, error) {
	var j mixEntryJSON
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch name, unknown := strings.CutPrefix(err.Error(), "json: unknown field "); {
		case unknown:
			return MixEntry{}, fmt.Errorf(`unknown field %s: an entry has "method", "path", "headers", "body" and "weight"`, name)
		case errors.As(err, &typeErr) && typeErr.Field != "":
			return MixEntry{}, fmt.Errorf("%q must be a string, got a JSON %s", typeErr.Field, typeErr.Value)
		case errors.As(err, &typeErr):
			return MixEntry{}, errors.New(`want an object, like {"path": "/items?id=1", "weight": 9}`)
		}
		return MixEntry{}, err
	}
	m := MixEntry{Method: j.Method, Path: j.Path, Weight: 1}
	if j.Body != "" {
		m.Body = []byte(j.Body)
	}
	if m.Method == "" {
		m.Method = "GET"
	}
	if !isToken(m.Method) {
		return MixEntry{}, fmt.Errorf(`"method" %q is not an HTTP method: give one like "GET" or "POST", or leave it out for GET`, m.Method)
	}
	if err := checkPath(m.Path); err != nil {
		return MixEntry{}, err
	}
	if len(j.Weight) > 0 {
		w, err := strconv.Atoi(string(j.Weight))
		if err != nil || w < 1 {
			return MixEntry{}, fmt.Errorf(`"weight" must be a whole number of 1 or more, got %s: give it 1 or more, or leave it out for 1`, j.Weight)
		}
		m.Weight = w
	}
	var err error
	m.Headers, err = mergeHeaders(global, j.Headers)
	return m, err
}

// checkPath says what is wrong with a request target, or nil.
func checkPath(p string) error {
	switch {
	case p == "":
		return errors.New(`"path" is missing: give the request's path and query, like "path": "/items?id=1"`)
	case p[0] != '/':
		return fmt.Errorf(`"path" %q must start with /: give the path and query only; scheme, host and port come from -url`, p)
	}
	for _, c := range []byte(p) {
		if c <= ' ' || c >= 0x7f || c == '#' {
			return fmt.Errorf(`"path" %q holds %q: percent-encode it (a space is %%20; a fragment is never sent)`, p, c)
		}
	}
	return nil
}

// mergeHeaders is global's header lines less those an entry names (case-insensitively),
// then the entry's own in its order; a null value only drops the global one.
func mergeHeaders(global []string, own mixHeaders) ([]string, error) {
	var out []string
	named := func(name string) bool {
		for _, h := range own {
			if strings.EqualFold(h.name, name) {
				return true
			}
		}
		return false
	}
	for _, line := range global {
		if name, _, _ := strings.Cut(line, ":"); !named(name) {
			out = append(out, line)
		}
	}
	for i, h := range own {
		for _, earlier := range own[:i] {
			if strings.EqualFold(earlier.name, h.name) {
				return nil, fmt.Errorf("header %q is given twice: keep one", h.name)
			}
		}
		if h.value == nil {
			if !isToken(h.name) {
				return nil, fmt.Errorf("header %q is not a header name", h.name)
			}
			continue
		}
		value := strings.TrimSpace(*h.value)
		if err := checkHeader(h.name, value, `the entry's "body"`); err != nil {
			return nil, err
		}
		out = append(out, h.name+": "+value)
	}
	return out, nil
}

// ordinal is 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, ... 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// lineColumn is where in data a JSON syntax error's offset points (1-based).
func lineColumn(data []byte, offset int64) (line, col int) {
	at := min(max(int(offset)-1, 0), len(data))
	line = 1 + bytes.Count(data[:at], []byte("\n"))
	return line, at - bytes.LastIndexByte(data[:at], '\n')
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// mixPeriod is the period of the mix's order: the sum of the weights divided
// by their greatest common divisor, or maxMixPeriod+1 if it is more.
func mixPeriod(mix []MixEntry) int {
	g := 0
	for _, m := range mix {
		g = gcd(m.Weight, g)
	}
	sum := 0
	for _, m := range mix {
		if sum += min(m.Weight/g, maxMixPeriod+1); sum > maxMixPeriod {
			return maxMixPeriod + 1
		}
	}
	return sum
}

// smoothOrder is one period of nginx's smooth weighted round-robin over
// weights: each turn every entry's current weight grows by its weight, the
// largest (the first of equals) is chosen and loses the total. After
// sum(weights) turns every current weight is back to 0, so the order repeats
// with that period and any sum(weights) consecutive turns choose entry i
// exactly weights[i] times, spread out rather than in runs: 3,1 is a a b a.
// Weights are divided by their greatest common divisor first, which leaves
// the order the same and shortens the period.
func smoothOrder(weights []int) []int32 {
	g := 0
	for _, w := range weights {
		g = gcd(w, g)
	}
	w, total := make([]int, len(weights)), 0
	for i := range weights {
		w[i] = weights[i] / g
		total += w[i]
	}
	current := make([]int, len(w))
	order := make([]int32, total)
	for turn := range order {
		best := 0
		for i := range current {
			current[i] += w[i]
			if current[i] > current[best] {
				best = i
			}
		}
		current[best] -= total
		order[turn] = int32(best)
	}
	return order
}

// mixPlan is a -mix ready to send: each entry's request bytes, encoded once
// as the single template is, and one period of the smooth weighted order.
// The order is global, one sequence for all connections, so any sum(weights)
// consecutive requests hold each entry exactly its weight times, whatever the
// connection count; the epoll engine steps through it on its one thread with
// no synchronisation, the goroutine engine with one atomic add per request.
// Per-connection sequences would need neither, but would start every
// connection on the same entry and hold the proportions only per connection.
type mixPlan struct {
	reqs  [][]byte
	order []int32 // entry indexes; repeats
}

// newMixPlan is o.Mix's plan, or nil without -mix.
func newMixPlan(o Options) *mixPlan {
	if len(o.Mix) == 0 {
		return nil
	}
	p := &mixPlan{}
	weights := make([]int, len(o.Mix))
	for i, m := range o.Mix {
		entry := o
		entry.Method, entry.Path, entry.Headers, entry.Body = m.Method, m.Path, m.Headers, m.Body
		p.reqs = append(p.reqs, requestBytes(entry))
		weights[i] = m.Weight
	}
	p.order = smoothOrder(weights)
	return p
}

// next is the request at *cursor in the order, which it advances; safe for concurrent use.
func (p *mixPlan) next(cursor *atomic.Uint64) ([]byte, int32) {
	i := p.order[(cursor.Add(1)-1)%uint64(len(p.order))]
	return p.reqs[i], i
}

// counts is a zeroed tally per entry, or nil without -mix.
func (p *mixPlan) counts() []int64 {
	if p == nil {
		return nil
	}
	return make([]int64, len(p.reqs))
}
