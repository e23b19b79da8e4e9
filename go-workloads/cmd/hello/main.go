// hello is the trivial workload: it answers every request with a short text.
package main

import (
	"net/http"

	"gosweep/workloads/internal/serve"
)

func handler(w http.ResponseWriter, _ *http.Request) {
	w.Write([]byte("hello\n"))
}

func main() { serve.Run("hello", http.HandlerFunc(handler)) }
