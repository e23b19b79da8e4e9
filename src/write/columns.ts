import { median } from 'simple-statistics';
import { isNonEmpty } from '../summarize/sample-stats.ts';
import { TARGETS } from '../targets/index.ts';
import { COLD_START_COLUMNS, paramColumn, RESULT_COLUMNS, type Axis, type ColdStartRow, type ColdStartSample, type CsvKind, type CsvValue, type PhaseColumn, type ResultColumn, type ResultRow, type RunOutcome, type RuntimeFacts } from '../types.ts';

const ms = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? null : Math.round(v * 1000) / 1000);
const int = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? null : Math.round(v));
const completed = <T>(o: RunOutcome, f: (c: Extract<RunOutcome, { state: 'completed' }>) => T): T | null =>
  o.state === 'completed' ? f(o) : null;
/** Cold-start figures count verified samples only: an unverified start may have been warm. */
const coldStat = (o: RunOutcome, pick: (s: ColdStartSample) => number, stat: 'median' | 'min' | 'max') => {
  const values = o.coldStarts.filter((s) => s.verified).map(pick).filter((v) => !Number.isNaN(v));
  if (!isNonEmpty(values)) return null;
  if (stat === 'min') return ms(Math.min(...values));
  if (stat === 'max') return ms(Math.max(...values));
  return ms(median(values));
};
/** A runtime counter's growth over the run; null when the process restarted in between. */
const gcDelta = (c: Extract<RunOutcome, { state: 'completed' }>, f: (r: RuntimeFacts) => number) =>
  c.runtime && c.runtimeAfter && c.runtime.startUnixNano === c.runtimeAfter.startUnixNano ? f(c.runtimeAfter) - f(c.runtime) : null;
const platform = (o: RunOutcome) => (o.state === 'skipped' ? null : o.platform);
/** Every target's cold-start phases and counts, each name once, in the targets' order. */
function uniqueByName<T extends { name: string }>(lists: ReadonlyArray<readonly T[]>): T[] {
  const seen = new Map<string, T>();
  for (const item of lists.flat()) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()];
}
const PHASES = uniqueByName(TARGETS.map((t) => t.phases));
const COUNTS = uniqueByName(TARGETS.map((t) => t.counts));
const phaseMs = (s: ColdStartSample, name: string) => s.phasesMs[name] ?? Number.NaN;

/** How to write one column, and what it means (`gosweep columns` prints it). */
type Column<C extends ResultColumn> = { doc: string; value: (o: RunOutcome) => ResultRow[C] };

/** Every fixed column of results.csv; RESULT_COLUMNS (types.ts) gives their order and kinds. */
const COLUMNS: { [C in ResultColumn]: Column<C> } = {
  sweep_id: { doc: 'the sweep (results folder) this row belongs to', value: () => null },
  run_id: { doc: 'cell id and repetition: <cell_id>#<repetition>', value: (o) => o.run.runId },
  cell_id: { doc: 'stable id of the cell: workload and a hash of its parameters', value: (o) => o.run.cell.id },
  cell_label: { doc: 'the cell\'s parameters, human-readable', value: (o) => o.run.cell.label },
  repetition: { doc: '1-based repetition of the cell', value: (o) => o.run.repetition },
  run_order: { doc: 'position of this run in the shuffled sweep order', value: (o) => o.run.order },
  status: { doc: 'completed, failed or skipped', value: (o) => o.state },
  error_stage: { doc: 'for failed runs: build, launch, cold-start, drive or collect', value: (o) => (o.state === 'failed' ? o.stage : null) },
  error_message: { doc: 'for failed or skipped runs: why', value: (o) => (o.state === 'failed' ? o.error : o.state === 'skipped' ? o.reason : null) },
  started_at: { doc: 'wall-clock start of the run, ISO 8601', value: (o) => o.startedAt },
  cold_starts: { doc: 'number of cold starts measured (samples in cold-starts.csv)', value: (o) => o.coldStarts.length },
  cold_starts_unverified: { doc: 'cold starts that could not be verified as cold (Lambda: no Init Duration, or not the process\'s first request); left out of every cold-start figure', value: (o) => o.coldStarts.filter((s) => !s.verified).length },
  cold_start_ms_median: { doc: 'median time from the pull (run.pull) or the create request (Lambda: the invoke) to the first successful response', value: (o) => coldStat(o, (s) => s.totalMs, 'median') },
  cold_start_ms_min: { doc: 'fastest cold start', value: (o) => coldStat(o, (s) => s.totalMs, 'min') },
  cold_start_ms_max: { doc: 'slowest cold start', value: (o) => coldStat(o, (s) => s.totalMs, 'max') },
  first_request_ms_median: { doc: 'median latency of the first request after a cold start (lazy initialisation lands here)', value: (o) => coldStat(o, (s) => s.firstRequestMs ?? Number.NaN, 'median') },
  load_model: { doc: 'closed (fixed connections) or open (fixed arrival rate, latency from the intended send time)', value: (o) => completed(o, (c) => c.load.model) },
  target_rps: { doc: 'open loop: the arrival rate asked for', value: (o) => completed(o, (c) => c.load.schedule?.targetRps ?? null) },
  sent_rps: { doc: 'open loop: the rate the sender achieved', value: (o) => completed(o, (c) => (c.load.schedule ? Math.round(c.load.schedule.sentRps * 10) / 10 : null)) },
  send_lag_p99_us: { doc: 'open loop: p99 of how late requests left after their intended time', value: (o) => completed(o, (c) => c.load.schedule?.sendLagP99Us ?? null) },
  sender_behind: { doc: 'open loop: true when the sender could not keep the schedule (the rate asked for was not applied)', value: (o) => completed(o, (c) => c.flags.senderBehind) },
  requests: { doc: 'requests sent in the measured window', value: (o) => completed(o, (c) => c.load.requests) },
  successes: { doc: 'requests answered with a status below 400', value: (o) => completed(o, (c) => c.load.successes) },
  errors_timeout: { doc: 'requests that timed out', value: (o) => completed(o, (c) => c.load.errors.timeout) },
  errors_connection: { doc: 'requests refused or reset', value: (o) => completed(o, (c) => c.load.errors.connection) },
  errors_http: { doc: 'requests answered with a status of 400 or more', value: (o) => completed(o, (c) => c.load.errors.http) },
  errors_other: { doc: 'other failed requests', value: (o) => completed(o, (c) => c.load.errors.other) },
  duration_s: { doc: 'the measured window; requests sent in it count even when they finish after it', value: (o) => completed(o, (c) => ms(c.load.durationS)) },
  rps: { doc: 'successful responses per second', value: (o) => completed(o, (c) => Math.round(c.load.rps * 10) / 10) },
  latency_p50_us: { doc: 'median latency of successful requests (HDR, 3 significant digits)', value: (o) => completed(o, (c) => int(c.load.latency.p50Us)) },
  latency_p90_us: { doc: '90th percentile latency', value: (o) => completed(o, (c) => int(c.load.latency.p90Us)) },
  latency_p99_us: { doc: '99th percentile latency', value: (o) => completed(o, (c) => int(c.load.latency.p99Us)) },
  latency_p999_us: { doc: '99.9th percentile latency', value: (o) => completed(o, (c) => int(c.load.latency.p999Us)) },
  latency_p9999_us: { doc: '99.99th percentile latency', value: (o) => completed(o, (c) => int(c.load.latency.p9999Us)) },
  latency_max_us: { doc: 'slowest successful request', value: (o) => completed(o, (c) => int(c.load.latency.maxUs)) },
  latency_mean_us: { doc: 'mean latency', value: (o) => completed(o, (c) => ms(c.load.latency.meanUs)) },
  latency_stddev_us: { doc: 'standard deviation of latency', value: (o) => completed(o, (c) => ms(c.load.latency.stddevUs)) },
  driver_cpu_cores: { doc: 'CPU the load generator itself used, in cores', value: (o) => completed(o, (c) => ms(c.load.driverCpuCores)) },
  host_cpu_busy: { doc: 'share of the whole host\'s CPU that was busy in the window (0 to 1)', value: (o) => completed(o, (c) => (c.load.hostCpuBusy === null ? null : Math.round(c.load.hostCpuBusy * 1000) / 1000)) },
  driver_limited: { doc: 'true when the load generator or the shared host, not the workload, was the limit: the generator used 80% of its cores, or the host was 90% busy while the workload stayed under 90% of the cores it could use (quota, GOMAXPROCS, host)', value: (o) => completed(o, (c) => c.flags.driverLimited) },
  other_cpu_cores: { doc: 'cores that other processes (not the workload, not the load generator) used in the window: the host\'s busy time less both; empty where the platform hides the workload\'s CPU', value: (o) => completed(o, (c) => (c.flags.otherCpuCores === null ? null : Math.round(c.flags.otherCpuCores * 1000) / 1000)) },
  contended: { doc: 'true when other processes used 0.15 cores or more in the window (0.01 to 0.04 on a quiet host): the run measured a busy machine, and verdicts and gates leave it out', value: (o) => completed(o, (c) => c.flags.contended) },
  flag_reasons: { doc: 'why the run is flagged driver-limited, memory-stalled or sender-behind, in words; empty when it is not', value: (o) => completed(o, (c) => c.flags.reasons.join('; ') || null) },
  cpu_periods: { doc: 'CFS periods elapsed in the measured window', value: (o) => platform(o)?.cpuPeriods ?? null },
  cpu_throttled_periods: { doc: 'CFS periods in which the container was throttled', value: (o) => platform(o)?.cpuThrottledPeriods ?? null },
  cpu_throttled_ms: { doc: 'total time the container was throttled', value: (o) => ms(platform(o)?.cpuThrottledMs) },
  cpu_usage_ms: { doc: 'CPU time the container used in the measured window', value: (o) => ms(platform(o)?.cpuUsageMs) },
  memory_peak_bytes: { doc: 'peak memory of the container\'s cgroup (v1 max_usage, v2 memory.peak)', value: (o) => platform(o)?.memoryPeakBytes ?? null },
  oom_killed: { doc: 'true when the kernel OOM-killed the container at least once', value: (o) => platform(o)?.oomKilled ?? null },
  memory_stalled: { doc: 'true when the container reached its memory limit, was not OOM-killed and answered nothing in the window: the kernel reclaimed instead of killing', value: (o) => completed(o, (c) => c.flags.memoryStalled) },
  unanswered: { doc: 'true when no request of the window succeeded and neither an OOM kill nor a memory stall explains it: the workload hung, or answered only errors; compare leaves the run out', value: (o) => completed(o, (c) => c.flags.unanswered) },
  oom_kills: { doc: 'OOM kills over the container\'s life (from the engine\'s events)', value: (o) => platform(o)?.oomKills ?? null },
  restarts: { doc: 'times the engine restarted the container after it died (restart policy on-failure)', value: (o) => platform(o)?.restartCount ?? null },
  exit_code: { doc: 'exit code of the container\'s last death, even if it was restarted (137: killed); empty if it never died', value: (o) => platform(o)?.exitCode ?? null },
  invocations: { doc: 'serverless: invocations the platform served in the window; empty where it does not say (AWS)', value: (o) => platform(o)?.invocations ?? null },
  cold_starts_in_window: { doc: 'serverless: new instances (Lambda environments) started inside the window', value: (o) => platform(o)?.coldStartsInWindow ?? null },
  instances_seen: { doc: 'serverless: distinct instances that answered in the window (X-Gosweep-Instance)', value: (o) => completed(o, (c) => (c.load.headerCounts ? Object.keys(c.load.headerCounts).length : null)) },
  throttles: { doc: 'serverless: requests refused for want of capacity (429) in the window', value: (o) => platform(o)?.throttles ?? null },
  server_duration_p50_ms: { doc: 'Lambda: median Duration (REPORT line) of warm invokes in series after the window: the handler\'s time, without the client\'s', value: (o) => ms(platform(o)?.serverDurationP50Ms) },
  server_duration_p99_ms: { doc: 'Lambda: 99th percentile of that Duration', value: (o) => ms(platform(o)?.serverDurationP99Ms) },
  billed_duration_ms: { doc: 'Lambda: median Billed Duration of those invokes', value: (o) => ms(platform(o)?.billedDurationMs) },
  gb_seconds: { doc: 'Lambda: GB-seconds of one invocation at that billed duration (memory tier / 1024 × seconds)', value: (o) => platform(o)?.gbSeconds ?? null },
  cost_usd_per_1m: { doc: 'USD per million requests from a dated price table, which meta.json names. Lambda: at that billed duration, compute and request fee (summarize/lambda-prices.ts, or run.lambdaPrices). cloudrun-local: the window\'s billable instance time under the service\'s billing setting, request fee and idle minInstances included (summarize/cloudrun-prices.ts, or run.cloudrunPrices); empty on Cloud Run, which shows no instance time', value: (o) => platform(o)?.costUsdPer1m ?? null },
  min_instances_usd_per_hour: { doc: 'Cloud Run: what cloudrun.minInstances cost an hour while idle, at the same table\'s prices (the price of warm capacity)', value: (o) => platform(o)?.minInstancesUsdPerHour ?? null },
  queue_wait_p50_ms: { doc: 'Cloud Run: median time requests waited in the proxy for an instance slot', value: (o) => ms(platform(o)?.queueWaitP50Ms) },
  queue_wait_p99_ms: { doc: 'Cloud Run: 99th percentile of that wait', value: (o) => ms(platform(o)?.queueWaitP99Ms) },
  instances_max: { doc: 'Cloud Run: the most instances alive at once in the window', value: (o) => platform(o)?.instancesMax ?? null },
  instances_mean: { doc: 'Cloud Run: instances alive on average over the window', value: (o) => platform(o)?.instancesMean ?? null },
  in_flight_mean: { doc: 'Cloud Run: requests in flight through the front proxy, averaged over the window; compare in_flight_little', value: (o) => platform(o)?.inFlightMean ?? null },
  in_flight_little: { doc: 'requests in flight as Little\'s law predicts them from the load: rps × mean latency', value: (o) => completed(o, (c) => Math.round(c.load.rps * (c.load.latency.meanUs / 1e6) * 1000) / 1000) },
  instance_seconds: { doc: 'Cloud Run: instance time in the window (instance-based billing)', value: (o) => ms(platform(o)?.instanceSeconds) },
  busy_instance_seconds: { doc: 'Cloud Run: instance time with a request in flight (request-based billing)', value: (o) => ms(platform(o)?.busyInstanceSeconds) },
  cpu_limit_cores: { doc: 'the CPU the platform gave an instance, where it derives it (Lambda: memory / 1769 MB)', value: (o) => platform(o)?.cpuLimitCores ?? null },
  cpu_capped: { doc: 'true when that CPU was capped by this host (an emulation of a tier above the host\'s cores)', value: (o) => platform(o)?.cpuCapped ?? null },
  proxy_cpu_cores: { doc: 'CPU our own emulator or proxy used in the window, in cores; it shares the host with the load generator and counts toward driver_limited', value: (o) => { const v = platform(o)?.proxyCpuCores; return v == null ? null : Math.round(v * 1000) / 1000; } },
  go_version: { doc: 'Go version the workload reports', value: (o) => completed(o, (c) => c.runtime?.goVersion ?? null) },
  gomaxprocs: { doc: 'GOMAXPROCS the Go runtime chose or was given', value: (o) => completed(o, (c) => c.runtime?.gomaxprocs ?? null) },
  num_cpu: { doc: 'runtime.NumCPU() inside the container', value: (o) => completed(o, (c) => c.runtime?.numCpu ?? null) },
  cgroup_cpu_quota: { doc: 'the cgroup CPU quota the Go process could read, in cores; empty when unlimited or unreadable', value: (o) => completed(o, (c) => c.runtime?.cgroupCpuQuota ?? null) },
  cgroup_cpu_quota_source: { doc: 'where that came from: cgroup v1, cgroup v2, unlimited, or unreadable: why', value: (o) => completed(o, (c) => c.runtime?.cgroupCpuQuotaSource ?? null) },
  gomemlimit_bytes: { doc: 'the Go runtime\'s soft memory limit; empty when none is set', value: (o) => completed(o, (c) => c.runtime?.gomemlimitBytes ?? null) },
  gc_cycles: { doc: 'GC cycles the workload ran during warm-up and window', value: (o) => completed(o, (c) => gcDelta(c, (r) => r.numGc)) },
  gc_pause_ms: { doc: 'total stop-the-world GC pause during warm-up and window', value: (o) => completed(o, (c) => ms(gcDelta(c, (r) => r.gcPauseTotalNs / 1e6))) },
  heap_inuse_bytes: { doc: 'heap in use after the window', value: (o) => completed(o, (c) => c.runtimeAfter?.heapInuseBytes ?? null) },
  goroutines: { doc: 'goroutines after the window', value: (o) => completed(o, (c) => c.runtimeAfter?.numGoroutine ?? null) },
  after_idle_p50_ms: { doc: 'idleGap: median latency of the requests sent after the window, each after idleGap seconds without one (run.idleProbes of them)', value: (o) => completed(o, (c) => (c.afterIdle && isNonEmpty(c.afterIdle.samplesMs) ? ms(median(c.afterIdle.samplesMs)) : null)) },
  after_idle_max_ms: { doc: 'idleGap: the slowest of those requests', value: (o) => completed(o, (c) => (c.afterIdle && isNonEmpty(c.afterIdle.samplesMs) ? ms(Math.max(...c.afterIdle.samplesMs)) : null)) },
  after_idle_cold: { doc: 'idleGap: those answered by a process that started after the request was sent (the platform had scaled to zero)', value: (o) => completed(o, (c) => c.afterIdle?.cold ?? null) },
  after_idle_failed: { doc: 'idleGap: those that got no successful answer', value: (o) => completed(o, (c) => c.afterIdle?.failed ?? null) },
  ticks_completed_ratio: { doc: 'background work done against planned, from the start to the last request (cmd/ticker: ticks completed / expected); empty for workloads without it', value: (o) => completed(o, (c) => { const t = c.runtimeAfter?.ticks; return t && t.expected > 0 ? Math.round((t.completed / t.expected) * 1000) / 1000 : null; }) },
  run_wall_ms: { doc: 'the run from its first cold start to its last instance removed', value: (o) => completed(o, (c) => ms(c.timings.wallMs)) },
  overhead_ms: { doc: 'the harness\'s time in the run beyond its cold starts, warm-up and window (the parts below)', value: (o) => completed(o, (c) => ms(c.timings.wallMs - c.timings.coldStartsMs - c.timings.warmupMs - c.timings.windowMs)) },
  cold_start_overhead_ms: { doc: 'around the cold starts: removing instances, the first request, reading timestamps, the instance for the load when coldStarts is 0', value: (o) => completed(o, (c) => ms(c.timings.coldStartOverheadMs)) },
  loadgen_overhead_ms: { doc: 'the load generator\'s start-up and the drain of requests in flight after the window', value: (o) => completed(o, (c) => ms(c.timings.loadgenOverheadMs)) },
  collect_ms: { doc: 'reading what the Go runtime saw and what the platform did', value: (o) => completed(o, (c) => ms(c.timings.collectMs)) },
  teardown_ms: { doc: 'removing the last instance', value: (o) => completed(o, (c) => ms(c.timings.teardownMs)) },
  sut_cpuset: { doc: 'CPUs the workload was pinned to; empty when not pinned', value: (o) => o.cpus.sutCpuset },
  driver_cpuset: { doc: 'CPUs the load generator was pinned to; empty when not pinned', value: (o) => o.cpus.driverCpuset },
  cpu_isolation: { doc: 'why the workload and load generator were, or were not, pinned apart', value: (o) => o.cpus.reason },
  binary_bytes: { doc: 'size of the workload binary', value: (o) => o.artifact?.binaryBytes ?? null },
  image_bytes: { doc: 'size of the container image', value: (o) => o.artifact?.imageBytes ?? null },
  image_pull_bytes: { doc: 'run.pull: bytes a pull downloads (compressed layers and config)', value: (o) => o.artifact?.pullBytes ?? null },
  image_tag: { doc: 'image the run used (its tag carries the build\'s content hash)', value: (o) => o.artifact?.ref ?? null },
};

const phaseColumns = () => PHASES.map((p) => ({ name: `${p.name}_ms_median` as const, kind: 'number' as const, doc: `median ms, ${p.doc}`, value: (o: RunOutcome) => coldStat(o, (s) => phaseMs(s, p.name), 'median') }));
/** Fixed columns before the `param_<axis>` columns, and the one the phase columns follow. */
const LAST_ID_COLUMN: ResultColumn = 'cell_label';
const PHASES_AFTER: ResultColumn = 'cold_start_ms_max';

/** Every column of results.csv but the params, in order: name, meaning, and how to write it. */
function orderedColumns(): Array<{ name: ResultColumn | PhaseColumn; kind: CsvKind; doc: string; value: (o: RunOutcome) => CsvValue }> {
  return (Object.keys(RESULT_COLUMNS) as ResultColumn[]).flatMap((name) => [
    { name, kind: RESULT_COLUMNS[name], ...(COLUMNS[name] as Column<ResultColumn>) },
    ...(name === PHASES_AFTER ? phaseColumns() : []),
  ]);
}
const ORDERED = orderedColumns();
const ID_COUNT = ORDERED.findIndex((c) => c.name === LAST_ID_COLUMN) + 1;

const params = (outcome: RunOutcome, axes: Axis[]) => Object.fromEntries(axes.map((a) => [paramColumn(a.name), outcome.run.cell.params[a.name] ?? null]));
/** Names with the `param_<axis>` columns after the ID columns. */
const withParams = (names: string[], axes: Axis[]) => [...names.slice(0, ID_COUNT), ...axes.map((a) => paramColumn(a.name)), ...names.slice(ID_COUNT)];

/** Column names of results.csv for a matrix with these axes. */
export function resultColumns(axes: Axis[]): string[] {
  return withParams(ORDERED.map((c) => c.name), axes);
}

export function toResultRow(outcome: RunOutcome, sweepId: string, axes: Axis[]): ResultRow {
  const values = Object.fromEntries(ORDERED.map((c) => [c.name, c.value(outcome)]));
  return { ...values, sweep_id: sweepId, ...params(outcome, axes) } as ResultRow;
}

/** The `param_<axis>` columns, as `gosweep columns` documents them. */
export const PARAM_COLUMNS_DOC = { name: 'param_<axis>', doc: 'one column per matrix axis: param_workload, param_cpus, param_memory, param_concurrency, param_rps, param_env_<NAME>, param_build_tags' };

const COLD_START_DOC: Record<keyof typeof COLD_START_COLUMNS, string> = {
  ...(Object.fromEntries(ORDERED.slice(0, ID_COUNT).map((c) => [c.name, c.doc])) as Record<'sweep_id' | 'run_id' | 'cell_id' | 'cell_label', string>),
  repetition: '1-based repetition of the cell the cold start was measured in',
  sample: '1-based cold start within the run',
  verified: 'true when the start is known to be cold (a new container or process; on Lambda an Init Duration and the process\'s first request); false ones are left out of every cold-start figure',
  total_ms: 'from the pull (run.pull) or the create request (Lambda: the invoke) to the first successful response',
  first_request_ms: 'latency of the first request to the request path after ready (lazy initialisation lands here)',
};
/** The targets' phase and count columns follow this one. */
const TARGET_COLUMNS_AFTER = 'total_ms';

/** cold-starts.csv, one line per cold start: name, kind and meaning of each column but the params. */
export const COLD_START_DOCS: Array<{ name: string; kind: CsvKind; doc: string }> = (Object.keys(COLD_START_COLUMNS) as Array<keyof typeof COLD_START_COLUMNS>).flatMap((name) => [
  { name, kind: COLD_START_COLUMNS[name], doc: COLD_START_DOC[name] },
  ...(name === TARGET_COLUMNS_AFTER
    ? [...PHASES.map((p) => ({ name: `${p.name}_ms`, kind: 'number' as const, doc: p.doc })), ...COUNTS.map((c) => ({ name: c.name, kind: 'number' as const, doc: c.doc }))]
    : []),
]);

/** Column names of cold-starts.csv for a matrix with these axes. */
export function coldStartColumns(axes: Axis[]): string[] {
  return withParams(COLD_START_DOCS.map((c) => c.name), axes);
}

export function toColdStartRows(outcome: RunOutcome, sweepId: string, axes: Axis[] = []): ColdStartRow[] {
  return outcome.coldStarts.map((s, i) => ({
    sweep_id: sweepId,
    run_id: outcome.run.runId,
    cell_id: outcome.run.cell.id,
    cell_label: outcome.run.cell.label,
    ...params(outcome, axes),
    repetition: outcome.run.repetition,
    sample: i + 1,
    verified: s.verified,
    total_ms: ms(s.totalMs),
    ...Object.fromEntries(PHASES.map((p) => [`${p.name}_ms`, ms(s.phasesMs[p.name])])),
    ...Object.fromEntries(COUNTS.map((c) => [c.name, s.counts[c.name] ?? null])),
    first_request_ms: ms(s.firstRequestMs),
  }));
}

/** Name and meaning of every fixed column, for `gosweep columns` and the docs. */
export function documentedColumns(): Array<{ name: string; kind: CsvKind | 'param'; doc: string }> {
  const fixed = ORDERED.map(({ name, kind, doc }) => ({ name, kind, doc }));
  return [...fixed.slice(0, ID_COUNT), { ...PARAM_COLUMNS_DOC, kind: 'param' }, ...fixed.slice(ID_COUNT)];
}
