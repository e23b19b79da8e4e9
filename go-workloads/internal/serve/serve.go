// Package serve is the scaffolding every bundled workload shares: it reads
// PORT (default 8080) and HOST, serves /health and /info next to the
// workload's handler (and over HTTPS on TLS_PORT where asked), logs one JSON
// line once listening, and exits cleanly on SIGTERM. Built with -tags lambda
// and run by AWS Lambda, it serves Function URL invocations instead.
package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	"gosweep/workloads/internal/cgroup"

	// Build variants (-tags automemlimit, automaxprocs, pad) apply to every workload.
	_ "gosweep/workloads/internal/variants"
)

// processStart is set during package initialisation, before main runs.
var processStart = time.Now()

// mainAt and listeningAt mark when Run was called and when it was listening
// (in lambda mode: ready to take invocations).
var mainAt, listeningAt time.Time

// instanceID tells this process apart from others; requestSeq counts the
// requests it has started handling.
var (
	instanceID = fmt.Sprintf("%d-%d", processStart.UnixNano(), os.Getpid())
	requestSeq atomic.Int64
)

// Info is what the Go runtime saw, as served on /info.
type Info struct {
	GoVersion         string `json:"goVersion"`
	GOMAXPROCS        int    `json:"gomaxprocs"`
	NumCPU            int    `json:"numCpu"`
	GOMEMLIMITBytes   int64  `json:"gomemlimitBytes"`
	GOGC              string `json:"gogc"`
	PID               int    `json:"pid"`
	StartUnixNano     int64  `json:"startUnixNano"`
	MainUnixNano      int64  `json:"mainUnixNano"`
	ListeningUnixNano int64  `json:"listeningUnixNano"`
	NumGoroutine      int    `json:"numGoroutine"`
	NumGC             uint32 `json:"numGc"`
	GCPauseTotalNs    uint64 `json:"gcPauseTotalNs"`
	HeapInuseBytes    uint64 `json:"heapInuseBytes"`
	TotalAllocBytes   uint64 `json:"totalAllocBytes"`
	// CgroupCPUQuota is the cgroup CPU quota in cores, nil when none is set or readable.
	CgroupCPUQuota       *float64 `json:"cgroupCpuQuota"`
	CgroupCPUQuotaSource string   `json:"cgroupCpuQuotaSource"`
	// Extra is what the workload registered with SetExtraInfo, left out when none.
	Extra map[string]any `json:"extra,omitempty"`
}

// extraInfo holds the function SetExtraInfo registered.
var extraInfo atomic.Pointer[func() map[string]any]

// SetExtraInfo registers f to add workload-specific figures to /info, under
// "extra"; ReadInfo calls it on every sample. A nil f removes it.
func SetExtraInfo(f func() map[string]any) {
	if f == nil {
		extraInfo.Store(nil)
		return
	}
	extraInfo.Store(&f)
}

// ReadInfo samples the runtime now.
func ReadInfo() Info {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	cores, source, ok := cgroup.CPUQuota()
	var quota *float64
	if ok {
		quota = &cores
	}
	return Info{
		GoVersion:         runtime.Version(),
		GOMAXPROCS:        runtime.GOMAXPROCS(0),
		NumCPU:            runtime.NumCPU(),
		GOMEMLIMITBytes:   debug.SetMemoryLimit(-1),
		GOGC:              os.Getenv("GOGC"),
		PID:               os.Getpid(),
		StartUnixNano:     processStart.UnixNano(),
		MainUnixNano:      mainAt.UnixNano(),
		ListeningUnixNano: listeningAt.UnixNano(),
		NumGoroutine:      runtime.NumGoroutine(),
		NumGC:             ms.NumGC,
		GCPauseTotalNs:    ms.PauseTotalNs,
		HeapInuseBytes:    ms.HeapInuse,
		TotalAllocBytes:   ms.TotalAlloc,

		CgroupCPUQuota:       quota,
		CgroupCPUQuotaSource: source,
		Extra:                extra(),
	}
}

func extra() map[string]any {
	if f := extraInfo.Load(); f != nil {
		return (*f)()
	}
	return nil
}

// Mux returns the workload handler mounted at / with /health and /info beside it (not /healthz: Cloud Run keeps paths ending in z for itself).
// Every response carries this process's instance headers.
func Mux(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /info", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(ReadInfo())
	})
	mux.Handle("/", h)
	start := strconv.FormatInt(processStart.UnixNano(), 10)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := w.Header()
		header.Set("X-Gosweep-Instance", instanceID)
		header.Set("X-Gosweep-Start-Unix-Nano", start)
		header.Set("X-Gosweep-Seq", strconv.FormatInt(requestSeq.Add(1), 10))
		mux.ServeHTTP(w, r)
	})
}

// Run listens on HOST:PORT and serves until SIGTERM or SIGINT, or in lambda
// mode serves Lambda invocations. Call it first thing in main: it marks the
// end of package initialisation.
func Run(name string, h http.Handler) {
	mainAt = time.Now()
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
	listeningAt = time.Now()
	line := startLine("listening", name)
	line["addr"] = ln.Addr().String()
	json.NewEncoder(os.Stdout).Encode(line)

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

// startLine is the JSON line logged once ready: msg, workload and the start timestamps.
func startLine(msg, name string) map[string]any {
	return map[string]any{
		"msg": msg, "workload": name,
		"startUnixNano": processStart.UnixNano(), "mainUnixNano": mainAt.UnixNano(), "listeningUnixNano": listeningAt.UnixNano(),
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
