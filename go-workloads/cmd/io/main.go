// io is a mostly-waiting workload: each request waits IO_WAIT_MS (default
// 100, as for a downstream call) and burns IO_CPU_ITERS hash rounds (default
// about 5 ms of CPU). Override per request with ?wait_ms=N.
package main

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"gosweep/workloads/internal/serve"
	"gosweep/workloads/internal/work"
)

var (
	waitMs   = serve.EnvInt("IO_WAIT_MS", 100)
	cpuIters = serve.EnvInt("IO_CPU_ITERS", 7500)
)

func handler(w http.ResponseWriter, r *http.Request) {
	wait := waitMs
	if q := r.URL.Query().Get("wait_ms"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			http.Error(w, "wait_ms: want a non-negative integer", http.StatusBadRequest)
			return
		}
		wait = n
	}
	select {
	case <-time.After(time.Duration(wait) * time.Millisecond):
	case <-r.Context().Done():
		return
	}
	fmt.Fprintf(w, "%x\n", work.Burn(cpuIters))
}

func main() { serve.Run("io", http.HandlerFunc(handler)) }
