import type { Histogram } from 'hdr-histogram-js';
import type { LatencySummary } from '../types.ts';

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
