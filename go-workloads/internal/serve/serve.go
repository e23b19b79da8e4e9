// Package serve is the scaffolding every bundled workload shares: it reads
// PORT (default 8080) and HOST, serves /health and /info next to the
// workload's handler (and over HTTPS on TLS_PORT where asked), logs one JSON
// line once listening, and exits cleanly on SIGTERM. Built with -tags lambda
// and run by AWS Lambda, it serves Function URL invocations instead. The
// /info JSON, the instance headers and the listening line are package
// gosweep/info's: the contract any service can give the harness.
package serve

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"gosweep/info"

	// Build variants (-tags automemlimit, automaxprocs, pad) apply to every workload.
	_ "gosweep/workloads/internal/variants"
)

// Mux returns the workload handler mounted at / with /health and /info beside it (not /healthz: Cloud Run keeps paths ending in z for itself).
// Every response carries this process's instance headers.
func Mux(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /info", info.Handler())
	mux.Handle("/", h)
	return info.Middleware(mux)
}

// Run listens on HOST:PORT and serves until SIGTERM or SIGINT, or in lambda
// mode serves Lambda invocations. Call it first thing in main: it marks the
// end of package initialisation.
func Run(name string, h http.Handler) {
	info.Main()
	if lambdaMode() {
		runLambda(name, Mux(h))
		return
	}
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(os.Getenv("HOST"), port))
	if err != nil {
		log.Fatalf("%s: cannot listen on port %s: %v", name, port, err)
	}
	info.Listening(name, ln.Addr())

	srv := &http.Server{Handler: Mux(h), ReadHeaderTimeout: 10 * time.Second}
	tlsSrv := startTLS(name, srv.Handler)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if tlsSrv != nil {
			tlsSrv.Shutdown(shutdown)
		}
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("%s: %v", name, err)
	}
}

// EnvInt reads a positive integer knob from the environment.
func EnvInt(key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil || n < 0 {
		log.Fatalf("%s=%q: want a non-negative integer", key, v)
	}
	return n
}
