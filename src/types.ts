// Domain types shared by every stage: Matrix → Cell → PlannedRun → RunOutcome → CSV rows.
// They import nothing from the stages.

/** What goes under the binary: nothing, the few files a distroless/static base has, or a Debian slim root filesystem. */
export const IMAGE_BASES = ['scratch', 'static', 'debian-slim'] as const;
export type ImageBase = (typeof IMAGE_BASES)[number];

/** Where a cell runs when the matrix names no target. */
export const DEFAULT_TARGET = 'docker';

export const LAMBDA_ARCHS = ['x86_64', 'arm64'] as const;
export type LambdaArch = (typeof LAMBDA_ARCHS)[number];
export const LAMBDA_PACKAGES = ['zip', 'image'] as const;
export type LambdaPackage = (typeof LAMBDA_PACKAGES)[number];
/** Lambda's memory tiers, in MB; CPU comes with memory (one vCPU at 1,769 MB). */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240, perVcpu: 1769 } as const;

/** A Lambda function's settings: the `lambda.*` axes, used by the lambda targets only. */
export interface LambdaOptions {
  memoryMb: number;
  arch: LambdaArch;
  package: LambdaPackage;
  /** Provisioned concurrency: environments initialised before the first invoke; 0 for none. */
  provisioned: number;
}

export const DEFAULT_LAMBDA: LambdaOptions = { memoryMb: 128, arch: 'x86_64', package: 'zip', provisioned: 0 };

/** Cloud Run's CPU billing: only while requests are in flight (request), or all the time (instance). */
export const CLOUDRUN_CPU_MODES = ['request', 'instance'] as const;
/** How cloudrun-local takes the CPU away between requests: the quota dropped to Docker's minimum, or the cgroup frozen. */
export const CLOUDRUN_THROTTLES = ['quota', 'freeze'] as const;
/** How cloudrun-local scales out: when requests pass 60% of the instances' slots, as Cloud Run documents (target), or only when one has to queue (reactive). */
export const CLOUDRUN_SCALINGS = ['target', 'reactive'] as const;

/** A Cloud Run service's settings: the `cloudrun.*` axes, used by the cloudrun targets only. */
export interface CloudRunOptions {
  /** Requests one instance takes at once (maxInstanceRequestConcurrency). */
  concurrency: number;
  cpu: (typeof CLOUDRUN_CPU_MODES)[number];
  minInstances: number;
  maxInstances: number;
  /** Startup CPU boost: more CPU until the instance is ready, and a few seconds after. */
  cpuBoost: boolean;
  throttle: (typeof CLOUDRUN_THROTTLES)[number];
  /** cloudrun-local: when it starts another instance. */
  scaling: (typeof CLOUDRUN_SCALINGS)[number];
  /** cloudrun-local: how long an idle instance lives before it is retired (Cloud Run keeps one up to 15 minutes, and says no more). */
  idleWindowSeconds: number;
}

export const DEFAULT_CLOUDRUN: CloudRunOptions = { concurrency: 80, cpu: 'request', minInstances: 0, maxInstances: 100, cpuBoost: false, throttle: 'quota', scaling: 'target', idleWindowSeconds: 30 };
/** The cloudrun.* axes only the emulation has: Cloud Run itself offers no such setting. */
export const CLOUDRUN_LOCAL_AXES = ['cloudrun.throttle', 'cloudrun.scaling', 'cloudrun.idleWindow'];

/**
 * Headers every bundled workload sets on its responses (go-workloads/info, which users' services can import):
 * which process answered, when it started (wall clock, ns), and its request count.
 */
export const WORKLOAD_HEADERS = { instance: 'x-gosweep-instance', startUnixNano: 'x-gosweep-start-unix-nano', seq: 'x-gosweep-seq' } as const;

/** One value of a matrix axis. `null` means "not set" (for env axes: the variable is absent). */
export type ParamValue = string | number | boolean | null;

/** Where a workload comes from: Go source gosweep builds (bundled, or a main package), an image in the local engine, or a Dockerfile the engine builds. */
export type WorkloadSource =
  | { kind: 'bundled'; name: string }
  | { kind: 'path'; mainDir: string }
  | { kind: 'image'; ref: string }
  | { kind: 'dockerfile'; file: string; context: string };

/** Sources gosweep compiles itself; the others arrive as images. */
export const GO_SOURCES: ReadonlyArray<WorkloadSource['kind']> = ['bundled', 'path'];

/** How a workload learns the port to listen on. */
export interface ListenSpec {
  /** The variable gosweep sets to the port (PORT unless the matrix says portEnv). */
  portEnv: string;
  /** Arguments to the service; `{port}` in any of them becomes the port. Empty: the image's or binary's own. */
  args: string[];
  /** A port the service always listens on (it reads none); null: gosweep picks a free one. */
  fixedPort: number | null;
}

/** One kind of request the load sends; a workload's mix holds one or more, by weight. */
export interface RequestSpec {
  method: string;
  /** Starts with /; may carry a query. */
  path: string;
  headers: Record<string, string>;
  /** Sent with its Content-Length; null for none. */
  body: string | null;
  /** Share of the load: weight / sum of weights, in a fixed interleaved order. */
  weight: number;
}

/** How to ask a workload: a request's method, headers and body. */
export interface Ask {
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

/** One request as its sender saw it. */
export interface SentRequest {
  status: number;
  /** From just before sending to the body's end, on the sender's monotonic clock. */
  ms: number;
  /** The sender's wall clock just before sending, ms since the epoch. */
  sentWallMs: number;
  /** The response headers asked for, by lowercase name. */
  headers: Record<string, string>;
  /** The body, or null when it was longer than the sender was asked to keep. */
  body: Buffer | null;
}

/** Cumulative busy and total jiffies of a host's CPUs (/proc/stat). */
export interface HostCpuReading {
  busy: number;
  total: number;
}

/** The load generator, started: its stdout lines, then how it ended. */
export interface LoadgenProcess {
  lines: AsyncIterable<string>;
  /** canceled: stopped by the signal; failure: its error output when it failed. */
  ended: Promise<{ canceled: boolean; failure: string | null }>;
}

/** What sends single requests: a vantage, or this machine (drive/here.ts). */
export type Sender = Pick<Vantage, 'send'>;

/**
 * Where requests to a workload are sent from: this machine, or a driver
 * container beside the workload on a remote Docker engine's host. Either way
 * they go to that host's loopback.
 */
export interface Vantage {
  /** For messages and meta.json. */
  readonly where: string;
  /** CPUs of the host the requests leave from, which the load generator shares. */
  readonly hostCpus: number;
  /** One request; null when it gets no complete answer in time. */
  send(url: string, ask: Ask, opts: { timeoutMs: number; maxBytes: number; showHeaders?: readonly string[]; fresh: boolean; signal?: AbortSignal }): Promise<SentRequest | null>;
  /** Starts the load generator; `files` (name → text) sit in its working directory. */
  startLoadgen(args: string[], opts: { files: Record<string, string>; cpuset: string | null; timeoutMs: number; signal?: AbortSignal }): Promise<LoadgenProcess>;
  /** The sending host's CPU counters; null where unreadable. */
  hostCpu(): Promise<HostCpuReading | null>;
}

export interface Workload {
  name: string;
  source: WorkloadSource;
  /** Env set in every container of this workload; axes override it. */
  env: Record<string, string>;
  listen: ListenSpec;
  /** Answers 2xx once the service is ready; null: readiness is the first 2xx to the first request of the mix. */
  healthPath: string | null;
  /** JSON endpoint reporting what the Go runtime saw (go-workloads/info); null if the service has none. */
  infoPath: string | null;
  /** What the load sends, one kind of request or a weighted mix; the first is the one cold starts and readiness use. */
  requests: [RequestSpec, ...RequestSpec[]];
}

/** The path that tells a new instance is ready: the health path, or the first request's where there is none. */
export function readyPath(workload: Workload): string {
  return workload.healthPath ?? workload.requests[0].path;
}

export interface RunSettings {
  repetitions: number;
  coldStarts: number;
  warmupSeconds: number;
  durationSeconds: number;
  requestTimeoutMs: number;
  readyTimeoutSeconds: number;
  /** Seed for the shuffled run order; when absent, derived from the matrix file's hash (matrix/plan.ts) and recorded. */
  seed: number | null;
  /** Pin the load generator and the workload to disjoint CPUs where the host has enough. */
  isolateDriver: boolean;
  /** Pull the image afresh from a local registry at every cold start, as a serverless platform downloads it. */
  pull: boolean;
  /** An override of Lambda's dated price table (summarize/lambda-prices.ts), as the matrix has it; null for none. */
  lambdaPrices: unknown;
  /** An override of Cloud Run's dated price table (summarize/cloudrun-prices.ts); null for none. */
  cloudrunPrices: unknown;
  /** With an `idleGap` axis: how many requests after an idle gap each run sends, one at a time. */
  idleProbes: number;
}

export interface Axis {
  /** `workload`, `cpus`, `memory`, `concurrency`, `rps`, `env.NAME` or `build.tags`. */
  name: string;
  values: ParamValue[];
}

/** A published claim a matrix tests, as data: a metric over some cells, or a ratio of two groups, against a bound. */
export interface Claim {
  id: string;
  says: string;
  /** A compare metric (p99, rps, cold_start, …) or any numeric results.csv column (oom_kills, gomaxprocs, …). */
  metric: string;
  /** Axis → value: the cells the claim is about. */
  where: Record<string, ParamValue>;
  /** When set, the claim is about median(of) / median(to). */
  ratio?: { of: Record<string, ParamValue>; to: Record<string, ParamValue> };
  atLeast?: number;
  atMost?: number;
}

export interface Matrix {
  name: string;
  description: string;
  /** Claim ids, or claims with a bound the report checks. */
  claims: Array<string | Claim>;
  /** Regression thresholds for `gosweep compare`, e.g. p99:+10%. */
  gate: string[];
  /** Absolute path of the matrix file. */
  file: string;
  /** sha256 of the matrix file's bytes. */
  hash: string;
  workloads: Workload[];
  axes: Axis[];
  include: Array<Record<string, ParamValue>>;
  exclude: Array<Record<string, ParamValue>>;
  run: RunSettings;
}

/** How a workload binary is built: the `build.*` axes. */
export interface BuildVariant {
  /** Go build tags, e.g. automemlimit; empty for none. */
  tags: string[];
  /** -ldflags="-s -w": no symbol table, no DWARF. */
  strip: boolean;
  trimpath: boolean;
  /** A Go toolchain (GOTOOLCHAIN), e.g. go1.24.13; null for the installed one. */
  go: string | null;
  /** scratch: the binary alone; static: plus CA certificates, zoneinfo and /etc/passwd; debian-slim: a Debian minbase root filesystem made here. */
  base: ImageBase;
  /** Compress the binary with UPX (upx --best). */
  upx: boolean;
  /** Bytes of incompressible payload linked in (bundled workloads only); 0 for none. */
  padBytes: number;
}

export const DEFAULT_BUILD: BuildVariant = { tags: [], strip: false, trimpath: true, go: null, base: 'scratch', upx: false, padBytes: 0 };

/** One point of the matrix. Its id depends only on its parameters. */
export interface Cell {
  id: string;
  label: string;
  workload: Workload;
  /** Axis name → value, including `workload`. */
  params: Record<string, ParamValue>;
  cpus: number | null;
  memoryBytes: number | null;
  /** Closed loop: connections. Open loop: the most connections open at once. */
  concurrency: number;
  /** Open-loop arrival rate; null for closed loop. */
  rps: number | null;
  /** The `idleGap` axis: after the window, requests each preceded by this long without one; null for none. */
  idleGapSeconds: number | null;
  /** How this cell's binary is built. */
  build: BuildVariant;
  /** The container's environment: workload env overridden by env axes, unset ones removed. */
  env: Record<string, string>;
  /** Where it runs: the `target` axis (docker by default). */
  target: string;
  /** The `lambda.*` axes, with Lambda's defaults where absent. */
  lambda: LambdaOptions;
  /** The `cloudrun.*` axes, with Cloud Run's defaults where absent. */
  cloudrun: CloudRunOptions;
}

/** One repetition of a cell, at its place in the shuffled order. */
export interface PlannedRun {
  runId: string;
  cell: Cell;
  repetition: number;
  order: number;
}

export interface Plan {
  matrix: Matrix;
  cells: Cell[];
  runs: PlannedRun[];
  seed: number;
  /** Which slice of the cells this machine runs; null for all of them. */
  shard: { index: number; count: number } | null;
  /** What the runs will take on one machine, roughly, before any has run (matrix/estimate.ts): what --dry-run and the first ETA quote. */
  estimateMs: number;
}

/** A built workload: a static binary on its image base. */
export interface BuiltImage {
  workload: string;
  build: BuildVariant;
  tag: string;
  imageId: string;
  /** Null for a workload that arrived as an image. */
  binaryBytes: number | null;
  imageBytes: number;
  /** Null for a workload that arrived as an image (its /info tells, at run time). */
  goVersion: string | null;
  cached: boolean;
}

/** What a run ran: the artifact a target deployed for its cell. */
export interface DeployedArtifact {
  workload: string;
  build: BuildVariant;
  /** The image tag, binary path or function name the target runs. */
  ref: string;
  binaryBytes: number | null;
  /** The container image, where the target runs one. */
  imageBytes: number | null;
  /** What a cold start downloads (compressed image layers), where the target pulls it. */
  pullBytes: number | null;
  goVersion: string | null;
  cached: boolean;
}

/**
 * One cold start: from the first request to the platform (create, pull,
 * spawn, invoke) to the first successful response. Each target names its own
 * phases (targets/<name>: `phases`); a phase it could not see is null.
 */
export interface ColdStartSample {
  totalMs: number;
  /**
   * Whether it is known to be cold: a new container or process is; a platform's
   * start counts only when the platform and the workload both say so. An
   * unverified sample is kept, and left out of every cold-start figure.
   */
  verified: boolean;
  /** Phase name → milliseconds, in the target's order. */
  phasesMs: Record<string, number | null>;
  /** Counts a target records beside its phases (e.g. layers a pull found cached). */
  counts: Record<string, number | null>;
  /** The first request to the request path after ready: where lazy initialisation is paid. */
  firstRequestMs: number | null;
}

/** Where the workload and the load generator run; null sets mean "not pinned". */
export interface CpuPlacement {
  sutCpuset: string | null;
  driverCpuset: string | null;
  reason: string;
}

export type RequestErrorKind = 'timeout' | 'connection' | 'http' | 'other';

export interface LatencySummary {
  count: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  p9999Us: number;
  maxUs: number;
  meanUs: number;
  stddevUs: number;
}

/** How an open-loop sender kept to its schedule. */
export interface OpenLoopSchedule {
  targetRps: number;
  /** Requests actually dispatched per second of the window. */
  sentRps: number;
  /** 99th percentile of how late requests were dispatched after their intended time. */
  sendLagP99Us: number;
}

/** Where a run's wall time went, in ms: what it measured (cold starts, warm-up, window) and the harness's overhead around it. */
export interface RunTimings {
  wallMs: number;
  /** The cold starts themselves (their totals). */
  coldStartsMs: number;
  /** Around the cold starts: removing instances, the first request, reading timestamps, pulls' bookkeeping. */
  coldStartOverheadMs: number;
  warmupMs: number;
  windowMs: number;
  /** The load generator's start-up and drain. */
  loadgenOverheadMs: number;
  /** Reading what the Go runtime saw and what the platform did. */
  collectMs: number;
  /** Removing the last instance. */
  teardownMs: number;
}

/** What makes a run's numbers something other than a measurement of the workload alone (summarize/run-flags.ts). */
export interface RunFlags {
  /** The load generator or the shared host, not the workload, was the limit. */
  driverLimited: boolean;
  /** It reached its memory limit unkilled and answered nothing: the kernel reclaimed instead of killing. */
  memoryStalled: boolean;
  /** No request of the window succeeded, and neither an OOM kill nor a memory stall says why: the workload hung, or answered only errors. */
  unanswered: boolean;
  /** Open loop: the sender could not keep the schedule; null for closed loop. */
  senderBehind: boolean | null;
  /** Other processes (not the workload, not the load generator) used CPU enough to disturb the measurement. */
  contended: boolean;
  /** Cores other processes used in the window: the host's busy time less the workload's and the generator's; null where the platform hides the workload's. */
  otherCpuCores: number | null;
  /** Why each flag is set, in words, for the row. */
  reasons: string[];
}

export interface LoadResult {
  /** Closed loop: each connection waits for its answer. Open loop: a fixed arrival rate. */
  model: 'closed' | 'open';
  /** Open loop only. */
  schedule: OpenLoopSchedule | null;
  requests: number;
  successes: number;
  errors: Record<RequestErrorKind, number>;
  durationS: number;
  rps: number;
  latency: LatencySummary;
  /** CPU the load generator used, in cores (1.0 = one core busy all the time). */
  driverCpuCores: number;
  /** Cores the load generator may use (its GOMAXPROCS). */
  driverMaxCores: number;
  /** Share of the whole host's CPU that was busy during the window (0 to 1); null where unknown. */
  hostCpuBusy: number | null;
  /** Where the load generator's wall time went: start-up (exec to the window, less the warm-up), the window, and draining the requests in flight after it. */
  timing: { wallMs: number; startupMs: number; windowMs: number; drainMs: number };
  /** The HDR histogram of successful latencies (µs), compressed base64. */
  histogram: string;
  /**
   * Measured responses by their value of LoadOptions.countHeader (e.g. one key per serverless
   * instance); at most 10,000 values, the rest under "(other)". Null when no header was counted.
   */
  headerCounts?: Record<string, number> | null;
}

/** What the platform did during the measured window, and how the instance ended; null where it cannot see it. */
export interface PlatformFacts {
  cpuPeriods: number | null;
  cpuThrottledPeriods: number | null;
  cpuThrottledMs: number | null;
  cpuUsageMs: number | null;
  memoryPeakBytes: number | null;
  /** OOM kills over the container's life, from the engine's events; null where unknown. */
  oomKills: number | null;
  oomKilled: boolean | null;
  exitCode: number | null;
  restartCount: number | null;
  /** Serverless: invocations the platform served in the window. */
  invocations?: number | null;
  /** Serverless: new instances (environments) started inside the window. */
  coldStartsInWindow?: number | null;
  /** Serverless: requests refused for want of capacity (429). */
  throttles?: number | null;
  /** Serverless: the platform's own handler duration (Lambda's REPORT Duration) over warm invokes in series, ms. */
  serverDurationP50Ms?: number | null;
  serverDurationP99Ms?: number | null;
  /** Serverless: median billed duration of those invokes, ms. */
  billedDurationMs?: number | null;
  /** Lambda: GB-seconds of one invocation at that billed duration. */
  gbSeconds?: number | null;
  /** USD per million requests, from the run's dated price table. Lambda: at that billed duration, request fee included; Cloud Run: the window's billable instance time under the service's billing setting. */
  costUsdPer1m?: number | null;
  /** Cloud Run: USD an hour that minInstances cost while idle (the price of warm capacity). */
  minInstancesUsdPerHour?: number | null;
  /** The CPU the instance was given, in cores, where the platform derives it (Lambda: memory / 1,769 MB). */
  cpuLimitCores?: number | null;
  /** True when that CPU was capped below what the platform would give (an emulation on a smaller host). */
  cpuCapped?: boolean | null;
  /** Cloud Run: how long requests waited in the proxy's queue for an instance, ms. */
  queueWaitP50Ms?: number | null;
  queueWaitP99Ms?: number | null;
  /** Cloud Run: the most instances alive at once in the window, and how many on average. */
  instancesMax?: number | null;
  instancesMean?: number | null;
  /** Cloud Run: requests in flight through the front proxy, averaged over the window. */
  inFlightMean?: number | null;
  /** Cloud Run: instance time in the window, billed in instance-based mode; and the part with a request in flight, billed in request-based mode. */
  instanceSeconds?: number | null;
  busyInstanceSeconds?: number | null;
  /** CPU our own emulator or proxy used in the window, in cores; it shares the host with the load generator. */
  proxyCpuCores?: number | null;
}

/** What the Go runtime reported on its info path. */
export interface RuntimeFacts {
  goVersion: string;
  gomaxprocs: number;
  numCpu: number;
  /** null when no limit is set (math.MaxInt64). */
  gomemlimitBytes: number | null;
  numGc: number;
  gcPauseTotalNs: number;
  heapInuseBytes: number;
  numGoroutine: number;
  /** When the process started: tells a restarted process from the first. */
  startUnixNano: number;
  /** The cgroup CPU quota the process could read, in cores; null when unlimited or unreadable. */
  cgroupCpuQuota: number | null;
  /** Where that came from: cgroup v1, cgroup v2, unlimited, or unreadable: why. */
  cgroupCpuQuotaSource: string | null;
  /** Background work the workload did against what it planned (the ticker's ticks), when it reports them. */
  ticks: { completed: number; expected: number } | null;
}

export type Stage = 'matrix' | 'preflight' | 'build' | 'deploy' | 'launch' | 'cold-start' | 'drive' | 'collect' | 'write';

interface OutcomeBase {
  run: PlannedRun;
  /** Which CPUs the workload and the load generator ran on. */
  cpus: CpuPlacement;
  startedAt: string;
  artifact: DeployedArtifact | null;
  coldStarts: ColdStartSample[];
}

/** Requests after an idle gap (the `idleGap` axis): what the first request after idle pays. */
export interface AfterIdle {
  gapSeconds: number;
  /** Client latency of each answered request, in ms (monotonic clock). */
  samplesMs: number[];
  /** Answered by a process that started after the request was sent: the platform had scaled to zero. */
  cold: number;
  /** Requests that got no successful answer. */
  failed: number;
}

export type RunOutcome =
  | (OutcomeBase & {
      state: 'completed';
      load: LoadResult;
      flags: RunFlags;
      timings: RunTimings;
      platform: PlatformFacts;
      /** Sampled before the warm-up. */
      runtime: RuntimeFacts | null;
      /** Sampled after the measured window (and the requests after idle). */
      runtimeAfter: RuntimeFacts | null;
      afterIdle: AfterIdle | null;
    })
  | (OutcomeBase & { state: 'failed'; stage: Stage; error: string; platform: PlatformFacts | null })
  | (OutcomeBase & { state: 'skipped'; reason: string });

/** A value of one CSV cell as written: empty is null. */
export type CsvValue = string | number | boolean | null;

/** What a CSV column holds; read back, each value is of its column's kind, or null where the cell is empty. */
export type CsvKind = 'string' | 'number' | 'boolean';
type ValueOf<K extends CsvKind> = { string: string; number: number; boolean: boolean }[K];

/**
 * results.csv's fixed columns in file order, each with its kind (write/columns.ts
 * documents them). `param_<axis>` columns follow cell_label, and each target's
 * cold-start phases add `<phase>_ms_median` after cold_start_ms_max.
 */
export const RESULT_COLUMNS = {
  sweep_id: 'string', run_id: 'string', cell_id: 'string', cell_label: 'string', repetition: 'number', run_order: 'number',
  status: 'string', error_stage: 'string', error_message: 'string', started_at: 'string', cold_starts: 'number',
  cold_starts_unverified: 'number', cold_start_ms_median: 'number', cold_start_ms_min: 'number', cold_start_ms_max: 'number',
  first_request_ms_median: 'number', load_model: 'string', target_rps: 'number', sent_rps: 'number', send_lag_p99_us: 'number',
  sender_behind: 'boolean', requests: 'number', successes: 'number', errors_timeout: 'number', errors_connection: 'number',
  errors_http: 'number', errors_other: 'number', duration_s: 'number', rps: 'number', latency_p50_us: 'number', latency_p90_us: 'number',
  latency_p99_us: 'number', latency_p999_us: 'number', latency_p9999_us: 'number', latency_max_us: 'number', latency_mean_us: 'number',
  latency_stddev_us: 'number', driver_cpu_cores: 'number', host_cpu_busy: 'number', driver_limited: 'boolean', other_cpu_cores: 'number',
  contended: 'boolean', flag_reasons: 'string', cpu_periods: 'number', cpu_throttled_periods: 'number', cpu_throttled_ms: 'number',
  cpu_usage_ms: 'number', memory_peak_bytes: 'number', oom_killed: 'boolean', memory_stalled: 'boolean', unanswered: 'boolean', oom_kills: 'number',
  restarts: 'number', exit_code: 'number', invocations: 'number', cold_starts_in_window: 'number', instances_seen: 'number',
  throttles: 'number', server_duration_p50_ms: 'number', server_duration_p99_ms: 'number', billed_duration_ms: 'number',
  gb_seconds: 'number', cost_usd_per_1m: 'number', min_instances_usd_per_hour: 'number', queue_wait_p50_ms: 'number',
  queue_wait_p99_ms: 'number', instances_max: 'number', instances_mean: 'number', in_flight_mean: 'number', in_flight_little: 'number',
  instance_seconds: 'number', busy_instance_seconds: 'number', cpu_limit_cores: 'number', cpu_capped: 'boolean', proxy_cpu_cores: 'number',
  go_version: 'string', gomaxprocs: 'number', num_cpu: 'number', cgroup_cpu_quota: 'number', cgroup_cpu_quota_source: 'string',
  gomemlimit_bytes: 'number', gc_cycles: 'number', gc_pause_ms: 'number', heap_inuse_bytes: 'number', goroutines: 'number',
  after_idle_p50_ms: 'number', after_idle_max_ms: 'number', after_idle_cold: 'number', after_idle_failed: 'number',
  ticks_completed_ratio: 'number', run_wall_ms: 'number', overhead_ms: 'number', cold_start_overhead_ms: 'number',
  loadgen_overhead_ms: 'number', collect_ms: 'number', teardown_ms: 'number', sut_cpuset: 'string', driver_cpuset: 'string',
  cpu_isolation: 'string', binary_bytes: 'number', image_bytes: 'number', image_pull_bytes: 'number', image_tag: 'string',
} as const;
export type ResultColumn = keyof typeof RESULT_COLUMNS;
/** The column a matrix axis's value sits in: param_cpus, param_env_GOMAXPROCS. */
export type ParamColumn = `param_${string}`;
/** A cold-start phase's median: pull_ms_median, init_ms_median. */
export type PhaseColumn = `${string}_ms_median`;

/** One line of results.csv, typed by column: what write/columns.ts writes and write/results-writer.ts reads back. */
export type ResultRow = { [C in ResultColumn]: ValueOf<(typeof RESULT_COLUMNS)[C]> | null } & { [C in ParamColumn]: ParamValue } & { [C in PhaseColumn]: number | null };
/** The results.csv columns that hold numbers, by name. */
export type NumericResultColumn = { [C in ResultColumn]: (typeof RESULT_COLUMNS)[C] extends 'number' ? C : never }[ResultColumn] | PhaseColumn;

/** cold-starts.csv's fixed columns in file order; `param_<axis>` follow cell_label, each target's `<phase>_ms` and counts follow total_ms. */
export const COLD_START_COLUMNS = {
  sweep_id: 'string', run_id: 'string', cell_id: 'string', cell_label: 'string', repetition: 'number', sample: 'number', verified: 'boolean', total_ms: 'number',
  first_request_ms: 'number',
} as const;
/** One line of cold-starts.csv; phase and count columns are numbers named by the targets. */
export type ColdStartRow = { [C in keyof typeof COLD_START_COLUMNS]: ValueOf<(typeof COLD_START_COLUMNS)[C]> | null } & { [C in ParamColumn]: ParamValue } & { [column: string]: CsvValue };

/** The results.csv column of a matrix axis: param_cpus, param_env_GOMAXPROCS, param_build_tags. */
export function paramColumn(axis: string): ParamColumn {
  return `param_${axis.replaceAll('.', '_')}`;
}

/**
 * Metrics summary.csv folds across a cell's repetitions: the results.csv column
 * each reads, and the decimals it was measured to (µs and bytes whole, ms to
 * the µs, rps to 0.1), which the median and interval are rounded to.
 */
export const SUMMARY_METRICS = {
  latency_p50_us: { column: 'latency_p50_us', decimals: 0 },
  latency_p99_us: { column: 'latency_p99_us', decimals: 0 },
  latency_p999_us: { column: 'latency_p999_us', decimals: 0 },
  rps: { column: 'rps', decimals: 1 },
  cold_start_ms: { column: 'cold_start_ms_median', decimals: 3 },
  cpu_throttled_ms: { column: 'cpu_throttled_ms', decimals: 3 },
  memory_peak_bytes: { column: 'memory_peak_bytes', decimals: 0 },
} as const;
export type SummaryMetric = keyof typeof SUMMARY_METRICS;

/** Per metric: the median across repetitions of each run's value, its 95% interval, and its coefficient of variation. */
export const SUMMARY_STATS = ['median', 'ci_low', 'ci_high', 'cv'] as const;
export type SummaryStat = (typeof SUMMARY_STATS)[number];
/** A summary.csv metric column: latency_p99_us_median, rps_cv, … */
export type SummaryMetricColumn = `${SummaryMetric}_${SummaryStat}`;

export function summaryColumn(metric: SummaryMetric, stat: SummaryStat): SummaryMetricColumn {
  return `${metric}_${stat}`;
}

/** One line of summary.csv: a cell, folded across its repetitions (write/file-docs.ts documents every column). */
export interface CellSummary extends Record<SummaryMetricColumn, number | null> {
  cell_id: string;
  cell_label: string;
  /** The cell's parameters, as results.csv has them. */
  [param: `param_${string}`]: ParamValue;
  runs: number;
  completed: number;
  failed: number;
  oom_killed_runs: number;
  driver_limited_runs: number;
  memory_stalled_runs: number;
  /** Runs in which no request succeeded (results.csv unanswered). */
  unanswered_runs: number;
  /** Runs other processes on the host disturbed (results.csv contended). */
  contended_runs: number;
  /** The GOMAXPROCS the runs reported, distinct values joined by `|`. */
  gomaxprocs: string | null;
  /** p99 or rps varies by more than 10% (coefficient of variation) across repetitions. */
  noisy: boolean;
}

/** A claim's verdict: the whole 95% interval meets its bound, misses it entirely, or neither. */
export type Verdict = 'reproduced' | 'not reproduced' | 'inconclusive';
/** The unit a claim metric's results.csv column holds; bounds are stored in it. 'none' for counts, shares and ratios. */
export type ClaimUnit = 'us' | 'ms' | 'bytes' | 'rps' | 'none';

/** A claim judged against a sweep's runs (report/claims.ts judges it). */
export interface ClaimResult {
  claim: Claim;
  /** The unit of measured, low, high and the claim's bounds (the column's; none for a ratio). */
  unit: ClaimUnit;
  /** The median (value claims) or ratio of medians (ratio claims) measured, even when too few runs give no interval. */
  measured: number | null;
  low: number | null;
  high: number | null;
  /** How [low, high] was made. */
  interval: string;
  verdict: Verdict;
  n: string;
}

/** meta.json: everything needed to judge whether two results folders are comparable. */
export interface SweepMeta {
  sweepId: string;
  matrix: { name: string; file: string; hash: string; claims: Array<string | Claim>; gate: string[] };
  seed: number;
  shard: { index: number; count: number } | null;
  cells: number;
  runs: number;
  startedAt: string;
  finishedAt: string | null;
  /** Set when the sweep stopped early: interrupted, or crashed. */
  stoppedEarly: string | null;
  host: {
    cpuModel: string;
    cpus: number;
    memoryBytes: number;
    kernel: string;
    node: string;
    go: string;
    /** Each target's facts (targets/<name>: Target.facts), e.g. the Docker engine's version and limits. */
    targets: Record<string, Record<string, unknown>>;
  };
  gitRevision: string | null;
  argv: string[];
  /** The run settings the sweep ran with, command-line overrides applied (absent in folders of older versions). */
  settings?: RunSettings;
  /** A folder `gosweep merge` made: the shards it joined, each with its host. */
  mergedFrom?: Array<{ sweepId: string; shard: { index: number; count: number }; host: SweepMeta['host'] }>;
}
