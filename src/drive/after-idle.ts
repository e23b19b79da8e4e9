import { setTimeout as sleep } from 'node:timers/promises';
import { WORKLOAD_HEADERS, type AfterIdle, type RequestSpec, type Sender } from '../types.ts';

export interface AfterIdleOptions {
  via: Sender;
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
      const sent = await opts.via.send(url, { ...opts.ask, headers: { ...opts.ask.headers, ...headers } }, {
        timeoutMs: opts.timeoutMs,
        maxBytes: 0,
        showHeaders: [WORKLOAD_HEADERS.startUnixNano],
        fresh: false,
        signal: opts.signal,
      });
      if (opts.signal.aborted) return null;
      if (!sent || sent.status >= 400) {
        result.failed += 1;
        continue;
      }
      result.samplesMs.push(sent.ms);
      // Both wall clocks of the sending host; 1 ms of slack for their resolution.
      if (Number(sent.headers[WORKLOAD_HEADERS.startUnixNano.toLowerCase()]) / 1e6 >= sent.sentWallMs - 1) result.cold += 1;
    } catch {
      if (opts.signal.aborted) return null;
      result.failed += 1;
    }
  }
  return result;
}
