import { performance } from 'node:perf_hooks';

/** Wall-clock time in ms with µs resolution (Date.now() has only ms). */
export function nowWallMs(): number {
  return performance.timeOrigin + performance.now();
}
