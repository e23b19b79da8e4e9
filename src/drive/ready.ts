import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'undici';
import type { Ask } from '../types.ts';

export const READY_POLL_INTERVAL_MS = 1;

const GET: Ask = { method: 'GET', headers: {}, body: null };
const options = (target: URL, ask: Ask) => ({ path: target.pathname + target.search, method: ask.method as 'GET', headers: ask.headers, ...(ask.body !== null && { body: ask.body }) });

export type ReadyResult =
  | { state: 'ready'; at: number }
  | { state: 'exited'; exitCode: number }
  | { state: 'timeout' }
  | { state: 'aborted' };

/**
 * Polls `url` (with GET, or `ask`) until it answers 2xx, about every millisecond, on fresh
 * connections. Returns performance.now() of the first success; the error of
 * the cold-start figure is therefore at most one poll interval.
 */
export async function waitUntilReady(
  url: string,
  opts: { timeoutMs: number; exited: Promise<number>; signal?: AbortSignal; ask?: Ask },
): Promise<ReadyResult> {
  let exitCode: number | null = null;
  void opts.exited.then((code) => (exitCode = code));
  const target = new URL(url);
  const client = new Client(target.origin, { pipelining: 0, headersTimeout: 2000, bodyTimeout: 2000 });
  const deadline = performance.now() + opts.timeoutMs;
  try {
    while (performance.now() < deadline) {
      if (opts.signal?.aborted) return { state: 'aborted' };
      if (exitCode !== null) return { state: 'exited', exitCode };
      try {
        const res = await client.request({ ...options(target, opts.ask ?? GET), reset: true });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) return { state: 'ready', at: performance.now() };
      } catch {
        // Not listening yet.
      }
      await sleep(READY_POLL_INTERVAL_MS);
    }
    return { state: 'timeout' };
  } finally {
    await client.close().catch(() => undefined);
  }
}
