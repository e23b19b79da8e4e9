// Package info is gosweep's info contract: what a Go service tells the
// gosweep harness about itself, so that results.csv can say what the Go
// runtime saw and cold starts can be split into phases and told apart from
// warm requests. gosweep's bundled workloads use it; any service can.
//
// A service adopts it in four calls:
//
//	info.Main()                                // first thing in main
//	mux.Handle("GET /info", info.Handler())    // the /info JSON
//	ln, err := net.Listen("tcp", ":"+os.Getenv("PORT"))
//	info.Listening("myservice", ln.Addr())     // the listening line
//	http.Serve(ln, info.Middleware(mux))       // the X-Gosweep-* headers
//
// A service without this package still runs under gosweep: the harness gets
// no JSON from /info and no headers, and leaves the columns they feed empty.
// Nothing fails.
//
// # /info
//
// [Handler] serves [Read] as one JSON object (Content-Type application/json).
// Its members, by JSON name:
//
//	goVersion             runtime.Version()                            results.csv go_version
//	gomaxprocs            runtime.GOMAXPROCS(0)                        gomaxprocs
//	numCpu                runtime.NumCPU()                             num_cpu
//	gomemlimitBytes       the soft memory limit, debug.SetMemoryLimit(-1);
//	                      math.MaxInt64 when none is set               gomemlimit_bytes (empty when none)
//	gogc                  $GOGC as the process got it, "" when unset
//	pid                   os.Getpid()
//	startUnixNano         when this package was initialised: after the
//	                      packages it imports, before the service's own
//	                      (wall clock, ns since the Unix epoch)
//	mainUnixNano          when [Main] was called; 0 until then
//	listeningUnixNano     when [Listening] was called; 0 until then
//	numGoroutine          runtime.NumGoroutine()                       goroutines (after the window)
//	numGc                 GC cycles so far, MemStats.NumGC             gc_cycles (growth over the run)
//	gcPauseTotalNs        stop-the-world pause so far, ns              gc_pause_ms (growth over the run)
//	heapInuseBytes        MemStats.HeapInuse                           heap_inuse_bytes (after the window)
//	totalAllocBytes       MemStats.TotalAlloc
//	cgroupCpuQuota        the cgroup CPU quota in cores (quota/period),
//	                      null when unlimited or unreadable            cgroup_cpu_quota
//	cgroupCpuQuotaSource  where it was read: "cgroup v2", "cgroup v1",
//	                      "unlimited" or "unreadable: <why>"           cgroup_cpu_quota_source
//	extra                 what the function given to [SetExtra]
//	                      returned; left out when there is none
//
// The harness reads /info once the service is ready and again after the
// measured window. From the three timestamps it splits a cold start into
// start_to_init, package_init (start to main) and main_to_listen (main to
// listening); it needs all three. Under extra it reads ticksCompleted and
// ticksExpected, numbers of background ticks done and planned, for
// ticks_completed_ratio.
//
// # Headers
//
// [Middleware] sets three headers on every response:
//
//	X-Gosweep-Instance         this process: "<startUnixNano>-<pid>"
//	X-Gosweep-Start-Unix-Nano  startUnixNano, in decimal
//	X-Gosweep-Seq              1 for the first request the process handles, then 2, 3…
//
// Serverless targets (Lambda, Cloud Run) use them to tell a cold instance
// from a warm one, and to count the instances that served a load.
//
// # The listening line
//
// [Listening] logs one JSON line on standard output, its keys in this order:
//
//	{"addr":"[::]:8080","listeningUnixNano":…,"mainUnixNano":…,"msg":"listening","startUnixNano":…,"workload":"hello"}
//
// Under AWS Lambda, where the service takes invocations rather than
// connections, it passes a nil address: the line then has no addr and its msg
// is "lambda".
package info
