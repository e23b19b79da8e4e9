import { setTimeout as sleep } from 'node:timers/promises';

/** Timing shared by every load model: a warm-up, then a measured window. */
export interface WindowOptions {
  warmupSeconds: number;
  durationSeconds: number;
  signal?: AbortSignal;
  /** Called right before and right after the measured window (e.g. to snapshot cgroup counters). */
  onWindow?: (edge: 'start' | 'end') => Promise<void>;
}

/** Sleeps for `seconds`, or less if aborted; never throws. */
export function pause(seconds: number, signal?: AbortSignal): Promise<void> {
  return sleep(seconds * 1000, undefined, { signal }).catch(() => undefined);
}
