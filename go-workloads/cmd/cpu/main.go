// cpu is a CPU-bound workload: each request hashes a buffer CPU_ITERS times
// (default 2000, about 1.3 ms of CPU;
// override per request with ?iters=N).
package main

import (
	"fmt"
	"net/http"
	"strconv"

	"gosweep/workloads/internal/serve"
	"gosweep/workloads/internal/work"
)

var defaultIters = serve.EnvInt("CPU_ITERS", 2000)

func handler(w http.ResponseWriter, r *http.Request) {
	iters := defaultIters
	if q := r.URL.Query().Get("iters"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			http.Error(w, "iters: want a non-negative integer", http.StatusBadRequest)
			return
		}
		iters = n
	}
	fmt.Fprintf(w, "%x\n", work.Burn(iters))
}

func main() { serve.Run("cpu", http.HandlerFunc(handler)) }
