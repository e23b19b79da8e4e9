import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { encodeHistogram, latencyHistogram, summarizeLatency } from '../summarize/latency.ts';
import type { LoadResult } from '../types.ts';
import { classifyError, emptyErrorCounts } from './request-errors.ts';

export interface ClosedLoopOptions {
  url: string;
  concurrency: number;
  warmupSeconds: number;
  durationSeconds: number;
  requestTimeoutMs: number;
  signal?: AbortSignal;
  /** Called right before and right after the measured window (e.g. to snapshot cgroup counters). */
  onWindow?: (edge: 'start' | 'end') => Promise<void>;
}

/** Driver CPU above this many cores, or an event loop lagging this much, marks the run as driver-limited. */
const DRIVER_LIMIT_CORES = 0.8;
const DRIVER_LIMIT_LOOP_DELAY_MS = 20;

/**
 * Closed-loop load: `concurrency` workers, each sending its next request as
 * soon as the previous one answers, over keep-alive connections. Every request
 * sent inside the measured window is recorded when it completes, even after
 * the window closes, so slow requests are not cut off the tail.
 */
export async function runClosedLoop(opts: ClosedLoopOptions): Promise<LoadResult> {
  const target = new URL(opts.url);
  const pool = new Pool(target.origin, {
    connections: opts.concurrency,
    pipelining: 1,
    connect: { timeout: opts.requestTimeoutMs },
  });
  const histogram = latencyHistogram();
  const errors = emptyErrorCounts();
  let requests = 0;
  let successes = 0;
  let measuring = false;
  let stopped = false;
  let lastCompletion = 0;

  const worker = async () => {
    while (!stopped && !opts.signal?.aborted) {
      const measured = measuring;
      const sentAt = performance.now();
      try {
        // undici's own timeouts tick at about 1 s; an AbortSignal timer is exact.
        const signal = AbortSignal.timeout(opts.requestTimeoutMs);
        const res = await pool.request({ path: target.pathname + target.search, method: 'GET', signal });
        await res.body.dump();
        if (!measured) continue;
        requests++;
        lastCompletion = performance.now();
        if (res.statusCode < 400) {
          successes++;
          histogram.recordValue(Math.max(1, Math.round((lastCompletion - sentAt) * 1000)));
        } else errors.http++;
      } catch (err) {
        if (measured) {
          requests++;
          lastCompletion = performance.now();
          errors[classifyError(err)]++;
        }
        await sleep(10); // a dead server must not turn the driver into a busy loop
      }
    }
  };

  const workers = Array.from({ length: opts.concurrency }, worker);
  try {
    await sleep(opts.warmupSeconds * 1000, undefined, { signal: opts.signal }).catch(() => undefined);
    await opts.onWindow?.('start');
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const windowStart = performance.now();
    measuring = true;
    await sleep(opts.durationSeconds * 1000, undefined, { signal: opts.signal }).catch(() => undefined);
    measuring = false;
    stopped = true;
    await Promise.all(workers);
    const windowEnd = Math.max(lastCompletion, windowStart + 1);
    const cpu = process.cpuUsage(cpuBefore);
    loopDelay.disable();
    await opts.onWindow?.('end');
    const durationS = (windowEnd - windowStart) / 1000;
    const driverCpuCores = (cpu.user + cpu.system) / 1e6 / durationS;
    return {
      requests,
      successes,
      errors,
      durationS,
      rps: successes / durationS,
      latency: summarizeLatency(histogram),
      driverCpuCores,
      driverLimited: driverCpuCores >= DRIVER_LIMIT_CORES || loopDelay.percentile(99) / 1e6 >= DRIVER_LIMIT_LOOP_DELAY_MS,
      histogram: encodeHistogram(histogram),
    };
  } finally {
    stopped = true;
    await pool.destroy().catch(() => undefined);
  }
}
