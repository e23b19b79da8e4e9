package info

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"time"

	"gosweep/info/internal/cgroup"
)

// start is set while this package is initialised, before the packages that
// import it and before main.
var start = time.Now()

// mainAt and listeningAt hold what Main and Listening recorded, in ns since
// the Unix epoch; 0 until then.
var mainAt, listeningAt atomic.Int64

// Main records that main has begun, for mainUnixNano. Call it first thing in
// main.
func Main() { mainAt.Store(time.Now().UnixNano()) }

// Info is what the Go runtime saw, as served on /info. The package doc gives
// each member's meaning and the results.csv column it feeds.
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
	// Extra is what the function given to SetExtra returned, left out when none.
	Extra map[string]any `json:"extra,omitempty"`
}

// extra holds the function SetExtra registered.
var extra atomic.Pointer[func() map[string]any]

// SetExtra registers f to add the service's own figures to /info, under
// "extra"; Read calls it on every sample. A nil f removes it.
func SetExtra(f func() map[string]any) {
	if f == nil {
		extra.Store(nil)
		return
	}
	extra.Store(&f)
}

// Read samples the runtime now.
func Read() Info {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	cores, source, ok := cgroup.CPUQuota()
	var quota *float64
	if ok {
		quota = &cores
	}
	var more map[string]any
	if f := extra.Load(); f != nil {
		more = (*f)()
	}
	return Info{
		GoVersion:         runtime.Version(),
		GOMAXPROCS:        runtime.GOMAXPROCS(0),
		NumCPU:            runtime.NumCPU(),
		GOMEMLIMITBytes:   debug.SetMemoryLimit(-1),
		GOGC:              os.Getenv("GOGC"),
		PID:               os.Getpid(),
		StartUnixNano:     start.UnixNano(),
		MainUnixNano:      mainAt.Load(),
		ListeningUnixNano: listeningAt.Load(),
		NumGoroutine:      runtime.NumGoroutine(),
		NumGC:             ms.NumGC,
		GCPauseTotalNs:    ms.PauseTotalNs,
		HeapInuseBytes:    ms.HeapInuse,
		TotalAllocBytes:   ms.TotalAlloc,

		CgroupCPUQuota:       quota,
		CgroupCPUQuotaSource: source,
		Extra:                more,
	}
}
