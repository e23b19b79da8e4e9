// alloc is an allocation-heavy workload for memory-limit experiments (claim
// C3). At start it builds a live set of ALLOC_LIVE_FRACTION (default 0.6) of
// the container's memory limit, or ALLOC_LIVE_MB (default 64) without one,
// and keeps it reachable. Each request allocates ALLOC_GARBAGE_KB (default
// 512) of short-lived garbage and replaces one block of the live set, so the
// heap grows toward the GC's goal: live × (1 + GOGC/100), unless GOMEMLIMIT
// makes the GC run sooner.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"sync"

	"gosweep/workloads/internal/cgroup"
	"gosweep/workloads/internal/serve"
)

const blockBytes = 64 << 10

var (
	garbageBytes = serve.EnvInt("ALLOC_GARBAGE_KB", 512) << 10
	live         = newLiveSet(liveBytes())
)

func liveBytes() int {
	if limit, ok := cgroup.MemoryLimit(); ok {
		fraction := 0.6
		if v := os.Getenv("ALLOC_LIVE_FRACTION"); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				log.Fatalf("ALLOC_LIVE_FRACTION=%q: want a number from 0 to 1", v)
			}
			fraction = f
		}
		return int(float64(limit) * fraction)
	}
	return serve.EnvInt("ALLOC_LIVE_MB", 64) << 20
}

// liveSet is a ring of blocks that stays reachable: the heap the GC must keep.
type liveSet struct {
	mu     sync.Mutex
	blocks [][]byte
	next   int
}

func newLiveSet(bytes int) *liveSet {
	s := &liveSet{blocks: make([][]byte, max(1, bytes/blockBytes))}
	for i := range s.blocks {
		s.blocks[i] = touched(blockBytes, byte(i))
	}
	return s
}

// touched allocates n bytes and writes every page, so they are resident.
func touched(n int, v byte) []byte {
	b := make([]byte, n)
	for i := 0; i < n; i += 4096 {
		b[i] = v
	}
	return b
}

func (s *liveSet) replace(b []byte) {
	s.mu.Lock()
	s.blocks[s.next] = b
	s.next = (s.next + 1) % len(s.blocks)
	s.mu.Unlock()
}

func handler(w http.ResponseWriter, _ *http.Request) {
	garbage := touched(garbageBytes, 1)
	live.replace(touched(blockBytes, garbage[0]))
	fmt.Fprintf(w, "live %d blocks, garbage %d bytes\n", len(live.blocks), len(garbage))
}

func main() { serve.Run("alloc", http.HandlerFunc(handler)) }
