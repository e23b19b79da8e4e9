package info

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
)

// instance tells this process apart from others; seq counts the requests it
// has started handling, through every Middleware.
var (
	instance = fmt.Sprintf("%d-%d", start.UnixNano(), os.Getpid())
	seq      atomic.Int64
)

// Handler serves Read as JSON. Mount it at GET /info.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(Read())
	})
}

// Middleware sets X-Gosweep-Instance, X-Gosweep-Start-Unix-Nano and
// X-Gosweep-Seq on every response of h. Wrap the whole handler with it, so
// that every path carries them.
func Middleware(h http.Handler) http.Handler {
	startNanos := strconv.FormatInt(start.UnixNano(), 10)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := w.Header()
		header.Set("X-Gosweep-Instance", instance)
		header.Set("X-Gosweep-Start-Unix-Nano", startNanos)
		header.Set("X-Gosweep-Seq", strconv.FormatInt(seq.Add(1), 10))
		h.ServeHTTP(w, r)
	})
}
