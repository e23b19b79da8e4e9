import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { WORKLOAD_HEADERS, type AfterIdle, type RequestSpec } from '../types.ts';

export interface AfterIdleOptions {
  gapSeconds: number;
  count: number;
  /** What to send: the workload's first request. */
  ask: RequestSpec;
  /** Headers for each request (an identity token or a signature, fresh for each). */
  headers: () => Promise<Record<string, string>>;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Sends `count` requests one at a time, each after `gapSeconds` without any,
 * timed on the monotonic clock: what the first request after idle pays (CPU
 * given back, a thaw, GC and timers catching up, or a whole cold start). One
 * answered by a process that started after it was sent found the platform
 * scaled to zero. Null when interrupted.
 */
export async function requestsAfterIdle(url: string, opts: AfterIdleOptions): Promise<AfterIdle | null> {
  const result: AfterIdle = { gapSeconds: opts.gapSeconds, samplesMs: [], cold: 0, failed: 0 };
  for (let i = 0; i < opts.count; i++) {
    try {
      await sleep(opts.gapSeconds * 1000, undefined, { signal: opts.signal });
      const headers = await opts.headers();
      const sentWallMs = Date.now();
      const startedAt = performance.now();
      const res = await request(url, { method: opts.ask.method as 'GET', body: opts.ask.body ?? undefined, headers: { ...opts.ask.headers, ...headers }, headersTimeout: opts.timeoutMs, bodyTimeout: opts.timeoutMs, signal: opts.signal });
      await res.body.dump();
      const ms = performance.now() - startedAt;
      if (res.statusCode >= 400) {
        result.failed += 1;
        continue;
      }
      result.samplesMs.push(ms);
      // Both wall clocks; 1 ms of slack for their resolution.
      if (Number(res.headers[WORKLOAD_HEADERS.startUnixNano]) / 1e6 >= sentWallMs - 1) result.cold += 1;
    } catch {
      if (opts.signal.aborted) return null;
      result.failed += 1;
    }
  }
  return result;
}
