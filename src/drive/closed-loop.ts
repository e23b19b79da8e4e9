import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadResult } from '../types.ts';
import { watchDriver } from './driver-usage.ts';
import { get, openPool } from './http-pool.ts';
import { LoadRecorder } from './recorder.ts';
import { pause, type WindowOptions } from './window.ts';

export interface ClosedLoopOptions extends WindowOptions {
  url: string;
  concurrency: number;
  requestTimeoutMs: number;
}

/**
 * Closed-loop load: `concurrency` workers, each sending its next request as
 * soon as the previous one answers, over keep-alive connections. Every request
 * sent inside the measured window is recorded when it completes, even after
 * the window closes, so slow requests are not cut off the tail.
 */
export async function runClosedLoop(opts: ClosedLoopOptions): Promise<LoadResult> {
  const url = new URL(opts.url);
  const pool = openPool(url, opts.concurrency, opts.requestTimeoutMs);
  const recorder = new LoadRecorder();
  let measuring = false;
  let stopped = false;

  const worker = async () => {
    while (!stopped && !opts.signal?.aborted) {
      const measured = measuring;
      const sentAt = performance.now();
      try {
        const status = await get(pool, url, opts.requestTimeoutMs);
        if (measured) recorder.success(sentAt, status);
      } catch (err) {
        if (measured) recorder.failure(err);
        await sleep(10); // a dead server must not turn the driver into a busy loop
      }
    }
  };

  const workers = Array.from({ length: opts.concurrency }, worker);
  try {
    await pause(opts.warmupSeconds, opts.signal);
    await opts.onWindow?.('start');
    const usage = watchDriver();
    const windowStart = performance.now();
    measuring = true;
    await pause(opts.durationSeconds, opts.signal);
    measuring = false;
    stopped = true;
    await Promise.all(workers);
    const result = recorder.result(windowStart, usage());
    await opts.onWindow?.('end');
    return result;
  } finally {
    stopped = true;
    await pool.destroy().catch(() => undefined);
  }
}
