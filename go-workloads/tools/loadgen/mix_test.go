package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSmoothOrder(t *testing.T) {
	tests := []struct {
		weights []int
		want    string // entries as letters: a is 0
	}{
		{[]int{3, 1}, "aaba"},
		{[]int{5, 1, 1}, "aabacaa"}, // nginx's own example
		{[]int{6, 2}, "aaba"},       // in lowest terms: the same order, a shorter period
		{[]int{1, 1, 1}, "abc"},
		{[]int{1, 2}, "bab"},
		{[]int{7}, "a"},
		{[]int{2, 3, 5}, "cbacbccabc"},
	}
	for _, tc := range tests {
		var got strings.Builder
		for _, i := range smoothOrder(tc.weights) {
			got.WriteByte(byte('a' + i))
		}
		if got.String() != tc.want {
			t.Errorf("weights %v: order %s, want %s", tc.weights, got.String(), tc.want)
		}
	}
}

// TestSmoothOrderHoldsEachWeight checks on random weights that the order
// repeats with period sum(weights)/gcd, so that any sum(weights) consecutive
// requests, wherever they start, hold each entry exactly its weight times,
// and that every prefix stays within two requests of its share (in practice
// within 1.2: spread out, not in runs), so any window does within four.
func TestSmoothOrderHoldsEachWeight(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		weights := make([]int, 1+r.IntN(8))
		total := 0
		for i := range weights {
			weights[i] = 1 + r.IntN(20)
			total += weights[i]
		}
		order := smoothOrder(weights)
		if total%len(order) != 0 {
			t.Fatalf("weights %v: period %d does not divide %d", weights, len(order), total)
		}
		at := func(n int) int32 { return order[n%len(order)] }
		for start := range total {
			counts := make([]int, len(weights))
			for n := start; n < start+total; n++ {
				counts[at(n)]++
			}
			if !slices.Equal(counts, weights) {
				t.Fatalf("weights %v: the %d requests from %d hold %v", weights, total, start, counts)
			}
		}
		counts := make([]int, len(weights))
		for n := range total {
			counts[at(n)]++
			for i, w := range weights {
				if share := float64((n+1)*w) / float64(total); float64(counts[i]) <= share-2 || float64(counts[i]) >= share+2 {
					t.Fatalf("weights %v: %d of the first %d are entry %d, its share %.2f", weights, counts[i], n+1, i, share)
				}
			}
		}
	}
}

func TestMixPlanNextWrapsAndIsShared(t *testing.T) {
	p := newMixPlan(Options{Host: "h", Mix: []MixEntry{{Path: "/a", Weight: 3}, {Path: "/b", Weight: 1}}})
	var cursor atomic.Uint64
	var got []int32
	for range 10 {
		_, i := p.next(&cursor)
		got = append(got, i)
	}
	if want := []int32{0, 0, 1, 0, 0, 0, 1, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if req, _ := p.next(&cursor); string(req) != "GET /b HTTP/1.1\r\nHost: h\r\n\r\n" {
		t.Errorf("request %q", req)
	}
}

func TestParseMix(t *testing.T) {
	global := []string{"Authorization: Bearer t0k", "X-Env: prod"}
	tests := []struct {
		name    string
		json    string
		want    []MixEntry
		wantErr []string // all in the message
	}{
		{"defaults", `[{"path":"/"}]`, []MixEntry{{Method: "GET", Path: "/", Headers: global, Weight: 1}}, nil},
		{"every field", `[{"method":"POST","path":"/items?id=1&x=%20","headers":{"Content-Type":"application/json"},"body":"{\"n\":1}","weight":9}]`,
			[]MixEntry{{Method: "POST", Path: "/items?id=1&x=%20", Headers: append(slices.Clone(global), "Content-Type: application/json"), Body: []byte(`{"n":1}`), Weight: 9}}, nil},
		{"headers go over -header's, any case; null drops one; file order kept", `[{"path":"/","headers":{"x-env":" dev ","Authorization":null,"B":"2","A":"1"}}]`,
			[]MixEntry{{Method: "GET", Path: "/", Headers: []string{"x-env: dev", "B: 2", "A: 1"}, Weight: 1}}, nil},
		{"two entries", `[{"path":"/a","weight":3},{"method":"DELETE","path":"/b"}]`,
			[]MixEntry{{Method: "GET", Path: "/a", Headers: global, Weight: 3}, {Method: "DELETE", Path: "/b", Headers: global, Weight: 1}}, nil},
		{"bad JSON: where", "[\n  {\"path\":\"/\"},\n  {\"path\":\"/b\",}\n]", nil, []string{"-mix mix.json:", "line 3, column 16", "fix the JSON syntax"}},
		{"truncated", `[{"path":"/"}`, nil, []string{"-mix mix.json:", "line 1", "fix the JSON syntax"}},
		{"not an array", `{"path":"/"}`, nil, []string{"-mix mix.json:", "want a JSON array of requests, like [{"}},
		{"empty", `[]`, nil, []string{"-mix mix.json:", "holds no requests"}},
		{"null", `null`, nil, []string{"-mix mix.json:", "holds no requests"}},
		{"an entry not an object", `[{"path":"/"}, "/b"]`, nil, []string{"-mix mix.json: entry 1 (the 2nd):", "want an object"}},
		{"missing path", `[{"path":"/"},{"path":"/"},{"method":"GET"}]`, nil, []string{"-mix mix.json: entry 2 (the 3rd):", `"path" is missing`, `like "path": "/items?id=1"`}},
		{"path without a slash", `[{"path":"items"}]`, nil, []string{"entry 0 (the 1st):", "must start with /", "come from -url"}},
		{"a whole URL as path", `[{"path":"http://h/x"}]`, nil, []string{"entry 0 (the 1st):", "must start with /"}},
		{"space in path", `[{"path":"/a b"}]`, nil, []string{"entry 0", "percent-encode", "%20"}},
		{"path a number", `[{"path":1}]`, nil, []string{"entry 0", `"path" must be a string, got a JSON number`}},
		{"weight 0", `[{"path":"/"},{"path":"/","weight":0}]`, nil, []string{"-mix mix.json: entry 1 (the 2nd):", `"weight" must be a whole number of 1 or more, got 0`, "leave it out for 1"}},
		{"weight negative", `[{"path":"/","weight":-2}]`, nil, []string{"entry 0", "got -2"}},
		{"weight fractional", `[{"path":"/","weight":1.5}]`, nil, []string{"entry 0", "got 1.5"}},
		{"weight a string", `[{"path":"/","weight":"3"}]`, nil, []string{"entry 0", `got "3"`}},
		{"weight null", `[{"path":"/","weight":null}]`, nil, []string{"entry 0", "got null"}},
		{"bad method", `[{"path":"/","method":"GE T"}]`, nil, []string{"entry 0", `"method" "GE T" is not an HTTP method`}},
		{"unknown field", `[{"path":"/","heders":{}}]`, nil, []string{"entry 0", `unknown field "heders"`, `"headers"`}},
		{"body not a string", `[{"path":"/","body":{"n":1}}]`, nil, []string{"entry 0", `"body" must be a string, got a JSON object`}},
		{"headers not an object", `[{"path":"/","headers":["A: 1"]}]`, nil, []string{"entry 0", `"headers" must be an object`}},
		{"header value not a string", `[{"path":"/","headers":{"A":1}}]`, nil, []string{"entry 0", `header "A": want a string value, or null`}},
		{"header Host", `[{"path":"/","headers":{"host":"x"}}]`, nil, []string{"entry 0", "Host comes from -url"}},
		{"header Content-Length", `[{"path":"/","headers":{"Content-Length":"3"}}]`, nil, []string{"entry 0", `Content-Length comes from the entry's "body"`}},
		{"header line break", `[{"path":"/","headers":{"A":"1\r\nB: 2"}}]`, nil, []string{"entry 0", "line break"}},
		{"header name", `[{"path":"/","headers":{"A B":"1"}}]`, nil, []string{"entry 0", `header "A B" is not a header name`}},
		{"header twice", `[{"path":"/","headers":{"A":"1","a":"2"}}]`, nil, []string{"entry 0", `header "a" is given twice`}},
		{"too long a period", fmt.Sprintf(`[{"path":"/a","weight":%d},{"path":"/b","weight":1}]`, maxMixPeriod), nil, []string{"-mix mix.json: 2 entries whose weights sum to more than 1048576", "too fine a mix", "rounding the weights"}},
		{"too many entries for the period", fmt.Sprintf(`[%s{"path":"/b","weight":%d}]`, strings.Repeat(`{"path":"/a"},`, 99), maxMixLayout/100), nil, []string{"-mix mix.json: 100 entries whose weights sum to 167871 ", "too fine a mix"}},
		{"just fine", fmt.Sprintf(`[{"path":"/a","weight":%d},{"path":"/b","weight":1}]`, maxMixPeriod-1), []MixEntry{{Method: "GET", Path: "/a", Headers: global, Weight: maxMixPeriod - 1}, {Method: "GET", Path: "/b", Headers: global, Weight: 1}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseMix("mix.json", []byte(tc.json), global)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("no error, want one saying %q", tc.wantErr)
				}
				for _, want := range tc.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q does not say %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestMixBigWeightsInLowestTerms(t *testing.T) {
	mix, err := parseMix("mix.json", []byte(`[{"path":"/a","weight":3000000000},{"path":"/b","weight":1000000000}]`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if order := newMixPlan(Options{Mix: mix}).order; !slices.Equal(order, []int32{0, 0, 1, 0}) {
		t.Errorf("order %v, want 0 0 1 0", order)
	}
}

func TestParseFlagsMix(t *testing.T) {
	dir := t.TempDir()
	mixFile := filepath.Join(dir, "mix.json")
	if err := os.WriteFile(mixFile, []byte(`[{"path":"/a","weight":2},{"method":"POST","path":"/b","body":"x"}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	badFile := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(badFile, []byte(`[{"path":"/a","weight":0}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := parseFlags([]string{"-url", "https://h.test:8443/ignored?q=1", "-header", "X-A: 1", "-mix", mixFile}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := []MixEntry{{Method: "GET", Path: "/a", Headers: []string{"X-A: 1"}, Weight: 2}, {Method: "POST", Path: "/b", Headers: []string{"X-A: 1"}, Body: []byte("x"), Weight: 1}}
	if fmt.Sprintf("%q", o.Mix) != fmt.Sprintf("%q", want) || o.Path != "" || o.Addr != "h.test:8443" || o.Host != "h.test:8443" || o.TLS == nil {
		t.Errorf("mix %q path %q addr %q host %q tls %v", o.Mix, o.Path, o.Addr, o.Host, o.TLS != nil)
	}
	plan := newMixPlan(o)
	if got := string(plan.reqs[1]); got != "POST /b HTTP/1.1\r\nHost: h.test:8443\r\nX-A: 1\r\nContent-Length: 1\r\n\r\nx" {
		t.Errorf("entry 1 encodes as %q", got)
	}
	for _, tc := range []struct {
		flags   []string
		wantErr []string
	}{
		{[]string{"-method", "POST"}, []string{"-mix " + mixFile + ": -method cannot go with -mix", `give each entry its "method"`}},
		{[]string{"-method", "GET"}, []string{"-method cannot go with -mix"}},
		{[]string{"-body", "x"}, []string{"-body cannot go with -mix", `give each entry its "body"`}},
		{[]string{"-body="}, []string{"-body cannot go with -mix"}},
		{[]string{"-body-file", mixFile}, []string{"-body-file cannot go with -mix", `"body"`}},
	} {
		_, err := parseFlags(append([]string{"-url", "http://h.test/", "-mix", mixFile}, tc.flags...), io.Discard)
		for _, want := range tc.wantErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%q: err %v, want one saying %q", tc.flags, err, want)
			}
		}
	}
	if _, err := parseFlags([]string{"-url", "http://h.test/", "-mix", badFile}, io.Discard); err == nil || !strings.Contains(err.Error(), "-mix "+badFile+": entry 0 (the 1st):") {
		t.Errorf("err %v, want one naming the file and entry", err)
	}
	if _, err := parseFlags([]string{"-url", "http://h.test/", "-mix", filepath.Join(dir, "none.json")}, io.Discard); err == nil || !strings.Contains(err.Error(), "none.json") {
		t.Errorf("err %v, want one naming the missing file", err)
	}
}

func TestMixCountsInTheResultOnlyWithMix(t *testing.T) {
	for _, tc := range []struct {
		res  Result
		want bool
	}{{Result{}, false}, {Result{MixCounts: []int64{0, 3}}, true}} {
		b, _ := json.Marshal(tc.res)
		if got := bytes.Contains(b, []byte(`"mixCounts"`)); got != tc.want {
			t.Errorf("%s: mixCounts present %v, want %v", b, got, tc.want)
		}
	}
}

// testMix is the mix the end-to-end tests send: reads, a write with a body,
// and a request the server fails, which mixCounts must count too.
const testMix = `[
	{"path": "/items?id=1", "weight": 5},
	{"method": "POST", "path": "/items", "headers": {"Content-Type": "application/json", "X-Global": null}, "body": "{\"n\":1}", "weight": 2},
	{"method": "DELETE", "path": "/fail", "headers": {"x-global": "own"}}
]`

// TestMix loads a server with testMix on every transport in closed and open
// loop. The server checks each request against its entry, and the requests
// it saw must be exactly a prefix of the smooth weighted order: one sequence
// for all connections.
func TestMix(t *testing.T) {
	mixFile := filepath.Join(t.TempDir(), "mix.json")
	if err := os.WriteFile(mixFile, []byte(testMix), 0o600); err != nil {
		t.Fatal(err)
	}
	weights := []int{5, 2, 1}
	order := smoothOrder(weights)
	for _, tr := range transports() {
		for _, rps := range []float64{0, 400} {
			t.Run(fmt.Sprintf("%s/rps=%v", tr.name, rps), func(t *testing.T) {
				t.Parallel() // no timing asserted
				var mu sync.Mutex
				seen := make([]int, len(weights))
				var wrong []string
				handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					body, _ := io.ReadAll(r.Body)
					got := fmt.Sprintf("%s %s %q global=%q type=%q", r.Method, r.URL.RequestURI(), body, r.Header.Values("X-Global"), r.Header.Get("Content-Type"))
					entry := slices.Index([]string{
						`GET /items?id=1 "" global=["g"] type=""`,
						`POST /items "{\"n\":1}" global=[] type="application/json"`,
						`DELETE /fail "" global=["own"] type=""`,
					}, got)
					mu.Lock()
					defer mu.Unlock()
					if entry < 0 {
						wrong = append(wrong, got)
						http.Error(w, "unexpected", http.StatusBadRequest)
						return
					}
					seen[entry]++
					if entry == 2 {
						http.Error(w, "failing on purpose", http.StatusServiceUnavailable)
					}
				})
				srv := tr.serve(handler)
				defer srv.Close()
				res := quickRun(t, tr.run, srv.URL+"/not-sent", rps, append(tr.flags, "-mix", mixFile, "-header", "X-Global: g")...)
				mu.Lock()
				defer mu.Unlock()
				if len(wrong) > 0 {
					t.Fatalf("the server got requests no entry matches: %q", wrong[:min(len(wrong), 3)])
				}
				total := 0
				for _, n := range seen {
					total += n
				}
				want := make([]int, len(weights))
				for n := range total {
					want[order[n%len(order)]]++
				}
				if !slices.Equal(seen, want) {
					t.Errorf("the server saw %v of the entries in %d requests, want %v, the order's first %d", seen, total, want, total)
				}
				if len(res.MixCounts) != len(weights) {
					t.Fatalf("mixCounts %v, want %d counts", res.MixCounts, len(weights))
				}
				var counted int64
				for i, n := range res.MixCounts {
					counted += n
					// Measured requests are consecutive in the order but for the
					// window's ragged edges, a request per connection at each, so
					// each entry's count is its share of them within 4 + 2×2.
					share := float64(res.Requests) * float64(weights[i]) / float64(len(order))
					if d := float64(n) - share; d < -8 || d > 8 || n > int64(seen[i]) {
						t.Errorf("entry %d: counted %d of %d requests, its share %.1f; the server saw %d", i, n, res.Requests, share, seen[i])
					}
				}
				if res.Requests == 0 || counted != res.Requests {
					t.Errorf("mixCounts %v sum to %d, want the window's %d requests", res.MixCounts, counted, res.Requests)
				}
				if tr.name == "epoll" && !isWindowOf(order, res.MixCounts) {
					t.Errorf("mixCounts %v are not the counts of any %d consecutive requests of the order, as the epoll engine's measured requests are", res.MixCounts, res.Requests)
				}
				if res.Errors.HTTP != res.MixCounts[2] || res.Successes != res.MixCounts[0]+res.MixCounts[1] {
					t.Errorf("%d succeeded and %d failed with HTTP errors, want %d and %d by mixCounts %v", res.Successes, res.Errors.HTTP, res.MixCounts[0]+res.MixCounts[1], res.MixCounts[2], res.MixCounts)
				}
			})
		}
	}
}

// TestMixCountsRequestsThatNeverLeft checks that requests failing before they
// are written (connection refused, queued past the timeout) count under the
// entries they took, so mixCounts still sums to requests.
func TestMixCountsRequestsThatNeverLeft(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	mix := []MixEntry{{Method: "GET", Path: "/a", Weight: 3}, {Method: "GET", Path: "/b", Weight: 1}}
	for name, run := range engines {
		for _, rps := range []float64{0, 100} {
			res := run(Options{Addr: addr, Host: addr, Mix: mix, Connections: 2, RPS: rps, Warmup: 0, Duration: 200 * time.Millisecond, Timeout: 100 * time.Millisecond})
			if res.Requests == 0 || res.Successes != 0 || len(res.MixCounts) != 2 || res.MixCounts[0]+res.MixCounts[1] != res.Requests {
				t.Errorf("%s rps=%v: %d requests, %d ok, mixCounts %v; want failures, all counted", name, rps, res.Requests, res.Successes, res.MixCounts)
			}
		}
	}
}

// isWindowOf says whether counts are the entries' counts in some run of consecutive requests of the repeating order.
func isWindowOf(order []int32, counts []int64) bool {
	var length int64
	for _, n := range counts {
		length += n
	}
	for start := range order {
		window := make([]int64, len(counts))
		for n := range length {
			window[order[(int64(start)+n)%int64(len(order))]]++
		}
		if slices.Equal(window, counts) {
			return true
		}
	}
	return false
}
