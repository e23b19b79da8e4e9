import { groupByCell, numbersOf } from './rows.ts';
import { isNonEmpty, summarizeSamples } from './sample-stats.ts';
import type { ResultRow } from '../types.ts';

/** Metrics summarized across repetitions, per cell. */
export const SUMMARY_METRICS = [
  'latency_p50_us',
  'latency_p99_us',
  'latency_p999_us',
  'rps',
  'cold_start_ms_median',
  'cpu_throttled_ms',
  'memory_peak_bytes',
] as const;

/** A metric whose coefficient of variation across repetitions exceeds this is flagged noisy. */
export const NOISY_CV = 0.1;

/** One line of summary.csv. */
export type CellSummary = Record<string, string | number | boolean | null>;

/**
 * Folds the runs of each cell into a median, its 95% confidence interval and
 * coefficient of variation per metric. Works on rows read back from CSV, so it
 * serves any results folder.
 */
export function summarizeCells(rows: ResultRow[]): CellSummary[] {
  const cells = [...groupByCell(rows).values()].map((runs) => {
    const first = runs[0] as ResultRow;
    const done = runs.filter((r) => r.status === 'completed');
    const summary: CellSummary = { cell_id: first.cell_id ?? null, cell_label: first.cell_label ?? null };
    for (const [key, value] of Object.entries(first)) if (key.startsWith('param_')) summary[key] = value;
    summary.runs = runs.length;
    summary.completed = done.length;
    summary.failed = runs.filter((r) => r.status === 'failed').length;
    summary.oom_killed = done.filter((r) => String(r.oom_killed) === 'true').length;
    summary.driver_limited = done.filter((r) => String(r.driver_limited) === 'true').length;
    summary.memory_stalled = done.filter((r) => String(r.memory_stalled) === 'true').length;
    const gomaxprocs = [...new Set(done.map((r) => r.gomaxprocs).filter((v) => v !== '' && v !== null))];
    summary.gomaxprocs = gomaxprocs.join('|') || null;
    let noisy = false;
    for (const metric of SUMMARY_METRICS) {
      const values = numbersOf(done, metric);
      const s = isNonEmpty(values) ? summarizeSamples(values) : null;
      summary[`${metric}_median`] = s?.median ?? null;
      summary[`${metric}_ci_low`] = s?.ciLow ?? null;
      summary[`${metric}_ci_high`] = s?.ciHigh ?? null;
      summary[`${metric}_cv`] = s?.cv == null ? null : Math.round(s.cv * 1000) / 1000;
      if ((metric === 'latency_p99_us' || metric === 'rps') && (s?.cv ?? 0) > NOISY_CV) noisy = true;
    }
    summary.noisy = noisy;
    return summary;
  });
  return cells.sort((a, b) => String(a.cell_label).localeCompare(String(b.cell_label), 'en', { numeric: true }));
}
