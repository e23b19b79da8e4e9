import { performance } from 'node:perf_hooks';

/** Wall-clock time in ms with µs resolution (Date.now() has only ms). */
export function nowWallMs(): number {
  return performance.timeOrigin + performance.now();
}

/** An RFC 3339 time with up to ns digits (Docker's State.StartedAt) as epoch ms, keeping the fraction Date.parse drops. */
export function rfc3339ToEpochMs(time: string): number | null {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (!match) return null;
  const [, seconds = '', fraction = '', zone = 'Z'] = match;
  const whole = Date.parse(`${seconds}${zone}`);
  return Number.isNaN(whole) ? null : whole + Number(`0.${fraction || '0'}`) * 1000;
}
