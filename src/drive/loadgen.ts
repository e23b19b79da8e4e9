import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { busyBetween } from '../collect/host-cpu.ts';
import { HarnessError, redact } from '../errors.ts';
import { summarizeLatency } from '../summarize/latency.ts';
import type { HostCpuReading, LoadResult, RequestErrorKind, RequestSpec, Vantage } from '../types.ts';

export interface LoadOptions {
  /** Where the load generator runs: this machine, or beside the workload on a remote engine's host. */
  via: Vantage;
  url: string;
  /** Closed loop: connections. Open loop: the most open at once. */
  connections: number;
  /** Open-loop arrival rate; null for closed loop. */
  rps: number | null;
  warmupSeconds: number;
  durationSeconds: number;
  requestTimeoutMs: number;
  signal?: AbortSignal;
  /** Called as the measured window starts and ends (e.g. to snapshot cgroup counters). */
  onWindow?: (edge: 'start' | 'end') => Promise<void>;
  /** CPUs to pin the load generator to (taskset -c), or null. */
  cpuset?: string | null;
  /** What to send: one request (to `url`), or a weighted mix of paths on url's origin. GET of `url` when absent. */
  requests?: readonly RequestSpec[];
  /** Sent with every request, e.g. an auth token; a request's own headers win. Host and Content-Length are set by the generator. */
  headers?: Record<string, string>;
  /** A response header whose distinct values are counted into headerCounts (e.g. X-Instance-Id). */
  countHeader?: string;
  /** https only: skip certificate verification (self-signed test servers). */
  insecureTls?: boolean;
}

interface LoadgenResult {
  model: 'closed' | 'open';
  requests: number;
  successes: number;
  errors: Record<RequestErrorKind, number>;
  durationS: number;
  histogram: string;
  driverCpuCores: number;
  gomaxprocs: number;
  sentInWindow: number;
  sendLagP99Us: number;
  windowSeconds: number;
  /** Present only with -count-header, and left out when no response carried the header. */
  headerCounts?: Record<string, number>;
}


/**
 * The loadgen's flags for what to send. One request goes as -method, -header
 * and -body (a body under 128 KiB, one argument on Linux); a mix as a JSON
 * file (-mix, in its working directory), sent in a fixed weighted order.
 */
function requestArgs(requests: readonly RequestSpec[]): { args: string[]; files: Record<string, string> } {
  const [only, ...more] = requests;
  if (!only) return { args: [], files: {} };
  if (more.length === 0) {
    return { args: [...(only.method !== 'GET' ? [`-method=${only.method}`] : []), ...Object.entries(only.headers).map(([n, v]) => `-header=${n}: ${v}`), ...(only.body !== null ? [`-body=${only.body}`] : [])], files: {} };
  }
  const mix = JSON.stringify(requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, ...(r.body !== null && { body: r.body }), weight: r.weight })));
  return { args: ['-mix=mix.json'], files: { 'mix.json': mix } };
}

/**
 * Drives HTTP load with the Go load generator (go-workloads/tools/loadgen):
 * closed loop at fixed connections, or open loop at a fixed rate with
 * latency from each request's intended send time. It was chosen over an
 * in-process Node.js driver by measurement (npm run bench:loadgen).
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const what = requestArgs(opts.requests ?? []);
  const args = [
    `-url=${opts.url}`,
    `-connections=${opts.connections}`,
    `-rps=${opts.rps ?? 0}`,
    `-warmup=${opts.warmupSeconds}s`,
    `-duration=${opts.durationSeconds}s`,
    `-timeout=${opts.requestTimeoutMs}ms`,
    ...Object.entries(opts.headers ?? {}).map(([name, value]) => `-header=${name}: ${value}`),
    ...what.args,
    ...(opts.countHeader ? [`-count-header=${opts.countHeader}`] : []),
    ...(opts.insecureTls ? ['-insecure'] : []),
    // Its stdin is a pipe from here: if gosweep is killed, the load stops with it.
    '-exit-with-stdin',
  ];
  const spawnedAt = performance.now();
  let windowStartAt = Number.NaN;
  let windowEndAt = Number.NaN;
  const child = await opts.via.startLoadgen(args, {
    files: what.files,
    cpuset: opts.cpuset ?? null,
    signal: opts.signal,
    timeoutMs: (opts.warmupSeconds + opts.durationSeconds) * 1000 + opts.requestTimeoutMs + 30_000,
  });
  let hostAtStart: Promise<HostCpuReading | null> = Promise.resolve(null);
  let hostAtEnd: Promise<HostCpuReading | null> = Promise.resolve(null);
  let startSnapshot: Promise<void> | undefined;
  let result: LoadgenResult | null = null;
  for await (const line of child.lines) {
    const event = JSON.parse(line) as { event: string } & LoadgenResult;
    if (event.event === 'window-start') {
      windowStartAt = performance.now();
      hostAtStart = opts.via.hostCpu();
      startSnapshot = opts.onWindow?.('start');
    } else if (event.event === 'window-end') {
      windowEndAt = performance.now();
      hostAtEnd = opts.via.hostCpu();
      await opts.onWindow?.('end');
    } else if (event.event === 'result') result = event;
  }
  await startSnapshot;
  const done = await child.ended;
  const exitedAt = performance.now();
  if (!result) {
    if (done.canceled) return Promise.reject(new HarnessError('load interrupted', { stage: 'drive' }));
    // Its command line holds the request headers (a signature, on Lambda): redacted.
    throw new HarnessError(redact(`the load generator failed: ${done.failure ?? 'it ended without a result'}`), { stage: 'drive' });
  }
  const histogram = decodeFromCompressedBase64(result.histogram);
  const sentRps = result.sentInWindow / result.windowSeconds;
  return {
    model: result.model,
    schedule:
      opts.rps === null
        ? null
        : {
            targetRps: opts.rps,
            sentRps,
            sendLagP99Us: result.sendLagP99Us,
          },
    requests: result.requests,
    successes: result.successes,
    errors: result.errors,
    durationS: result.durationS,
    rps: result.successes / result.durationS,
    latency: summarizeLatency(histogram),
    driverCpuCores: result.driverCpuCores,
    driverMaxCores: result.gomaxprocs,
    hostCpuBusy: busyBetween(await hostAtStart, await hostAtEnd),
    timing: {
      wallMs: exitedAt - spawnedAt,
      startupMs: windowStartAt - spawnedAt - opts.warmupSeconds * 1000,
      windowMs: windowEndAt - windowStartAt,
      drainMs: exitedAt - windowEndAt,
    },
    histogram: result.histogram,
    headerCounts: opts.countHeader ? (result.headerCounts ?? {}) : null,
  };
}
