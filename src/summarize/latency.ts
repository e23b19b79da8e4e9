import { build, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from '../types.ts';

/** Microsecond latencies from 1 µs to 10 min at 3 significant digits. */
export function latencyHistogram(): Histogram {
  return build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
}

export function summarizeLatency(h: Histogram): LatencySummary {
  const empty = h.totalCount === 0;
  const at = (p: number) => (empty ? Number.NaN : h.getValueAtPercentile(p));
  return {
    count: h.totalCount,
    p50Us: at(50),
    p90Us: at(90),
    p99Us: at(99),
    p999Us: at(99.9),
    p9999Us: at(99.99),
    maxUs: empty ? Number.NaN : h.maxValue,
    meanUs: empty ? Number.NaN : h.mean,
    stddevUs: empty ? Number.NaN : h.stdDeviation,
  };
}

export function encodeHistogram(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}
