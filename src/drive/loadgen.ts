import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { execa } from 'execa';
import { busyBetween, readHostCpu } from '../collect/host-cpu.ts';
import { HarnessError, redact } from '../errors.ts';
import { summarizeLatency } from '../summarize/latency.ts';
import type { LoadResult, RequestErrorKind, RequestSpec } from '../types.ts';

export interface LoadOptions {
  /** Path of the built loadgen binary (build/tools.ts). */
  loadgen: string;
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
 * file (-mix), sent in a fixed weighted order.
 */
function requestArgs(requests: readonly RequestSpec[], mixDir: string): string[] {
  const [only, ...more] = requests;
  if (!only) return [];
  if (more.length === 0) {
    return [...(only.method !== 'GET' ? [`-method=${only.method}`] : []), ...Object.entries(only.headers).map(([n, v]) => `-header=${n}: ${v}`), ...(only.body !== null ? [`-body=${only.body}`] : [])];
  }
  const file = path.join(mixDir, 'mix.json');
  fs.writeFileSync(file, JSON.stringify(requests.map((r) => ({ method: r.method, path: r.path, headers: r.headers, ...(r.body !== null && { body: r.body }), weight: r.weight }))));
  return [`-mix=${file}`];
}

/**
 * Drives HTTP load with the Go load generator (go-workloads/tools/loadgen):
 * closed loop at fixed connections, or open loop at a fixed rate with
 * latency from each request's intended send time. It was chosen over an
 * in-process Node.js driver by measurement (npm run bench:loadgen).
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const mixDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-load-'));
  try {
    return await drive(opts, mixDir);
  } finally {
    fs.rmSync(mixDir, { recursive: true, force: true });
  }
}

async function drive(opts: LoadOptions, mixDir: string): Promise<LoadResult> {
  const args = [
    `-url=${opts.url}`,
    `-connections=${opts.connections}`,
    `-rps=${opts.rps ?? 0}`,
    `-warmup=${opts.warmupSeconds}s`,
    `-duration=${opts.durationSeconds}s`,
    `-timeout=${opts.requestTimeoutMs}ms`,
    ...Object.entries(opts.headers ?? {}).map(([name, value]) => `-header=${name}: ${value}`),
    ...requestArgs(opts.requests ?? [], mixDir),
    ...(opts.countHeader ? [`-count-header=${opts.countHeader}`] : []),
    ...(opts.insecureTls ? ['-insecure'] : []),
    // Its stdin is a pipe from here: if gosweep is killed, the load stops with it.
    '-exit-with-stdin',
  ];
  const [file, argv] = opts.cpuset ? ['taskset', ['-c', opts.cpuset, opts.loadgen, ...args]] : [opts.loadgen, args];
  const spawnedAt = performance.now();
  let windowStartAt = Number.NaN;
  let windowEndAt = Number.NaN;
  const child = execa(file, argv, {
    cancelSignal: opts.signal,
    timeout: (opts.warmupSeconds + opts.durationSeconds) * 1000 + opts.requestTimeoutMs + 30_000,
    reject: false,
    lines: true,
  });
  let hostAtStart: ReturnType<typeof readHostCpu> = null;
  let hostAtEnd: ReturnType<typeof readHostCpu> = null;
  let startSnapshot: Promise<void> | undefined;
  let result: LoadgenResult | null = null;
  for await (const line of child) {
    const event = JSON.parse(line) as { event: string } & LoadgenResult;
    if (event.event === 'window-start') {
      windowStartAt = performance.now();
      hostAtStart = readHostCpu();
      startSnapshot = opts.onWindow?.('start');
    } else if (event.event === 'window-end') {
      windowEndAt = performance.now();
      hostAtEnd = readHostCpu();
      await opts.onWindow?.('end');
    } else if (event.event === 'result') result = event;
  }
  await startSnapshot;
  const done = await child;
  const exitedAt = performance.now();
  if (!result) {
    if (done.isCanceled) return Promise.reject(new HarnessError('load interrupted', { stage: 'drive' }));
    // Its command line holds the request headers (a signature, on Lambda): redacted.
    throw new HarnessError(redact(`the load generator failed: ${done.stderr.join('\n') || done.message}`), { stage: 'drive' });
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
    hostCpuBusy: busyBetween(hostAtStart, hostAtEnd),
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
