package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestHistogram(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name   string
		values func(i int) uint64
	}{
		{"zeros", func(int) uint64 { return 0 }},
		{"small, exact", func(i int) uint64 { return uint64(i % 200) }},
		{"uniform to 10s", func(int) uint64 { return rng.Uint64N(10_000_000) }},
		{"log-uniform to an hour", func(int) uint64 { return uint64(math.Exp(rng.Float64() * math.Log(3.6e9))) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h histogram
			vs := make([]uint64, 100_001)
			for i := range vs {
				vs[i] = tc.values(i)
				h.record(vs[i])
			}
			slices.Sort(vs)
			if h.n != uint64(len(vs)) || h.max != vs[len(vs)-1] {
				t.Errorf("count %d max %d, want %d %d", h.n, h.max, len(vs), vs[len(vs)-1])
			}
			for _, q := range []float64{0.5, 0.9, 0.99, 0.999, 1} {
				want := vs[int(math.Ceil(q*float64(len(vs))))-1]
				if got := h.quantile(q); math.Abs(float64(got)-float64(want)) > 0.01*float64(want) {
					t.Errorf("q%v = %d, want %d within 1%%", q, got, want)
				}
			}
		})
	}
	var empty histogram
	if empty.quantile(0.99) != 0 {
		t.Error("an empty histogram's quantile is not 0")
	}
}

func TestBuckets(t *testing.T) {
	prev := -1
	for _, v := range []uint64{0, 1, 255, 256, 257, 511, 512, 1 << 40, math.MaxUint64} {
		i := bucketOf(v)
		if i < prev || i >= len(histogram{}.counts) {
			t.Errorf("bucket of %d is %d, after %d", v, i, prev)
		}
		if mid := bucketMid(i); float64(mid) < float64(v)*0.99 || float64(mid) > float64(v)*1.01+1 {
			t.Errorf("value %d: bucket %d's middle is %d", v, i, mid)
		}
		prev = i
	}
}
