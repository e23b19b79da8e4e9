import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { latencyHistogram } from '../summarize/latency.ts';
import type { LoadResult } from '../types.ts';
import { watchDriver } from './driver-usage.ts';
import { get, openPool } from './http-pool.ts';
import { LoadRecorder, type DriverUsage } from './recorder.ts';
import { pause, type WindowOptions } from './window.ts';

export interface OpenLoopOptions extends WindowOptions {
  url: string;
  /** Arrival rate, requests per second. */
  rps: number;
  /** Most connections open at once; requests beyond wait in a queue, and the wait counts. */
  maxConnections: number;
  requestTimeoutMs: number;
}

/** A sender sending under this share of its target, or later than this at p99, is behind. */
const BEHIND_SEND_SHARE = 0.99;
const BEHIND_LAG_P99_US = 10_000;

/**
 * Open-loop load at a fixed arrival rate. Request i is due at start + i/rps;
 * its latency is measured from that intended time, not from when it went out,
 * so a stalled server shows in the percentiles instead of silently slowing the
 * sender (coordinated omission, corrected as wrk2 does).
 */
export async function runOpenLoop(opts: OpenLoopOptions): Promise<LoadResult> {
  const url = new URL(opts.url);
  const pool = openPool(url, opts.maxConnections, opts.requestTimeoutMs);
  const recorder = new LoadRecorder();
  const sendLag = latencyHistogram();
  const intervalMs = 1000 / opts.rps;
  const inFlight = new Set<Promise<void>>();
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let sentInWindow = 0;

  const send = (intendedAt: number) => {
    const measured = intendedAt >= windowStart && intendedAt < windowEnd;
    if (measured) {
      sentInWindow++;
      sendLag.recordValue(Math.max(1, Math.round((performance.now() - intendedAt) * 1000)));
    }
    const request = get(pool, url, opts.requestTimeoutMs).then(
      (status) => measured && recorder.success(intendedAt, status),
      (err) => measured && recorder.failure(err),
    );
    const tracked = request.then(() => void inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  try {
    const start = performance.now();
    windowStart = start + opts.warmupSeconds * 1000;
    windowEnd = windowStart + opts.durationSeconds * 1000;
    let stopWatching: (() => DriverUsage) | null = null;
    // Not awaited: waiting here would delay due requests and inflate their latency.
    let startSnapshot: Promise<void> | undefined;
    let next = start;
    while (next < windowEnd && !opts.signal?.aborted) {
      if (stopWatching === null && next >= windowStart) {
        startSnapshot = opts.onWindow?.('start');
        stopWatching = watchDriver();
      }
      // Send everything that is due, then sleep until the next one is.
      for (let now = performance.now(); next <= now && next < windowEnd; next += intervalMs) send(next);
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await Promise.all([...inFlight, startSnapshot]);
    const driver = (stopWatching ?? watchDriver())();
    const durationS = opts.durationSeconds;
    const sentRps = sentInWindow / durationS;
    const sendLagP99Us = sendLag.totalCount ? sendLag.getValueAtPercentile(99) : 0;
    const result = recorder.result(windowStart, driver, {
      targetRps: opts.rps,
      sentRps,
      sendLagP99Us,
      senderBehind: sentRps < opts.rps * BEHIND_SEND_SHARE || sendLagP99Us > BEHIND_LAG_P99_US,
    });
    await opts.onWindow?.('end');
    return result;
  } finally {
    await pool.destroy().catch(() => undefined);
  }
}
