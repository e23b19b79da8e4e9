import type { ColdStartPhases } from '../types.ts';
import type { StartTimestamps } from './runtime-info.ts';

/** A performance.now() reading as wall-clock milliseconds since the epoch, with its sub-millisecond part. */
export function wallMs(perfNow: number): number {
  return performance.timeOrigin + perfNow;
}

/**
 * Splits a cold start at the workload's own timestamps. Both sides read the
 * host's wall clock (the container shares the kernel), so the phases join:
 * createdAt → own init → main → listening → ready add up exactly to the span
 * from createdAt to ready.
 */
export function coldStartPhases(createdAt: number, readyAt: number, ts: StartTimestamps): ColdStartPhases {
  const init = ts.startUnixNano / 1e6;
  const main = ts.mainUnixNano / 1e6;
  const listening = ts.listeningUnixNano / 1e6;
  return {
    startToInitMs: init - wallMs(createdAt),
    packageInitMs: main - init,
    mainToListenMs: listening - main,
    listenToReadyMs: wallMs(readyAt) - listening,
  };
}
