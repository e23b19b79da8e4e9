package main

import (
	"math"
	"math/bits"
)

// histogram counts values in log-linear buckets, as HDR histograms do: exact
// below 256, then 128 buckets per power of two, so a bucket's midpoint is
// within 0.4% of any value in it.
type histogram struct {
	counts [58 * subBuckets]uint64 // enough for any uint64
	n      uint64
	max    uint64
}

const (
	subBits    = 7
	subBuckets = 1 << subBits
)

func bucketOf(v uint64) int {
	shift := max(bits.Len64(v)-subBits-1, 0)
	return shift*subBuckets + int(v>>shift)
}

// bucketMid is the middle of bucket i's range of values.
func bucketMid(i int) uint64 {
	shift := max(i/subBuckets-1, 0)
	low := uint64(i-shift*subBuckets) << shift
	return low + (uint64(1)<<shift-1)/2
}

func (h *histogram) record(v uint64) {
	h.counts[bucketOf(v)]++
	h.n++
	h.max = max(h.max, v)
}

// quantile is the value at quantile q (0 < q <= 1); 0 when empty.
func (h *histogram) quantile(q float64) uint64 {
	if h.n == 0 {
		return 0
	}
	rank := max(uint64(math.Ceil(q*float64(h.n))), 1)
	var seen uint64
	for i, c := range h.counts {
		if seen += c; seen >= rank {
			return min(bucketMid(i), h.max)
		}
	}
	return h.max
}

func (h *histogram) reset() { *h = histogram{} }
