/**
 * An engine's RFC 3339 timestamp (Created, State.StartedAt: nanoseconds, in
 * UTC) as ms since the epoch, keeping the sub-millisecond part Date.parse drops.
 */
export function engineStampMs(stamp: string): number {
  const match = /^(.*?:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(stamp);
  if (!match) return Number.NaN;
  const [, seconds, fraction = '', zone] = match as unknown as [string, string, string | undefined, string];
  return Date.parse(seconds + zone) + Number(`0.${fraction || '0'}`) * 1000;
}
