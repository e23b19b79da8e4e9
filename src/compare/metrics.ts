import type { NumericResultColumn } from '../types.ts';

/** A results.csv column compare knows how to judge. */
export interface Metric {
  column: NumericResultColumn;
  /** Short name used in thresholds and tables. */
  name: string;
  unit: 'us' | 'ms' | 'bytes' | 'rps';
  better: 'lower' | 'higher';
  /** The same in every run (a size): compared directly, without a significance test. */
  exact?: boolean;
}

export const METRICS: Metric[] = [
  { column: 'latency_p50_us', name: 'p50', unit: 'us', better: 'lower' },
  { column: 'latency_p99_us', name: 'p99', unit: 'us', better: 'lower' },
  { column: 'latency_p999_us', name: 'p999', unit: 'us', better: 'lower' },
  { column: 'rps', name: 'rps', unit: 'rps', better: 'higher' },
  { column: 'cold_start_ms_median', name: 'cold_start', unit: 'ms', better: 'lower' },
  { column: 'cpu_throttled_ms', name: 'throttled', unit: 'ms', better: 'lower' },
  { column: 'memory_peak_bytes', name: 'memory', unit: 'bytes', better: 'lower' },
  { column: 'pull_ms_median', name: 'pull', unit: 'ms', better: 'lower' },
  { column: 'binary_bytes', name: 'binary', unit: 'bytes', better: 'lower', exact: true },
  { column: 'image_bytes', name: 'image', unit: 'bytes', better: 'lower', exact: true },
];

/** Compared unless --metrics names others. */
export const DEFAULT_METRICS = ['p50', 'p99', 'rps', 'cold_start'];

export function metricByName(name: string): Metric | undefined {
  return METRICS.find((m) => m.name === name || m.column === name);
}
