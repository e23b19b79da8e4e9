import { groupByCell, numbersOf, roundTo } from './rows.ts';
import { isNonEmpty, summarizeSamples } from './sample-stats.ts';
import { SUMMARY_METRICS, summaryColumn, type CellSummary, type ParamValue, type ResultRow, type SummaryMetric, type SummaryMetricColumn } from '../types.ts';

export type { CellSummary } from '../types.ts';

/** A metric whose coefficient of variation across repetitions exceeds this is flagged noisy. */
export const NOISY_CV = 0.1;

/** Metrics whose spread makes a cell noisy. */
const NOISY_METRICS: SummaryMetric[] = ['latency_p99_us', 'rps'];

/**
 * Folds the runs of each cell into a median, its 95% confidence interval and
 * coefficient of variation per metric. Works on rows read back from CSV, so it
 * serves any results folder.
 */
export function summarizeCells(rows: ResultRow[]): CellSummary[] {
  const cells = [...groupByCell(rows).values()].map((runs) => {
    const first = runs[0] as ResultRow;
    const done = runs.filter((r) => r.status === 'completed');
    const gomaxprocs = [...new Set(done.map((r) => r.gomaxprocs).filter((v) => v !== null))];
    const metrics = metricsOf(done);
    return {
      cell_id: first.cell_id ?? '',
      cell_label: first.cell_label ?? '',
      ...paramsOf(first),
      runs: runs.length,
      completed: done.length,
      failed: runs.filter((r) => r.status === 'failed').length,
      oom_killed_runs: done.filter((r) => r.oom_killed === true).length,
      driver_limited_runs: done.filter((r) => r.driver_limited === true).length,
      memory_stalled_runs: done.filter((r) => r.memory_stalled === true).length,
      unanswered_runs: done.filter((r) => r.unanswered === true).length,
      contended_runs: done.filter((r) => r.contended === true).length,
      gomaxprocs: gomaxprocs.join('|') || null,
      ...metrics,
      noisy: NOISY_METRICS.some((m) => (metrics[summaryColumn(m, 'cv')] ?? 0) > NOISY_CV),
    } satisfies CellSummary;
  });
  return cells.sort((a, b) => a.cell_label.localeCompare(b.cell_label, 'en', { numeric: true }));
}

function paramsOf(row: ResultRow): Record<`param_${string}`, ParamValue> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith('param_'))) as Record<`param_${string}`, ParamValue>;
}

/** Median, interval and cv of every metric, rounded to the precision it was measured to. */
function metricsOf(done: ResultRow[]): Record<SummaryMetricColumn, number | null> {
  const out = {} as Record<SummaryMetricColumn, number | null>;
  for (const metric of Object.keys(SUMMARY_METRICS) as SummaryMetric[]) {
    const { column, decimals } = SUMMARY_METRICS[metric];
    const values = numbersOf(done, column);
    const s = isNonEmpty(values) ? summarizeSamples(values) : null;
    out[summaryColumn(metric, 'median')] = roundTo(s?.median, decimals);
    out[summaryColumn(metric, 'ci_low')] = roundTo(s?.ciLow, decimals);
    out[summaryColumn(metric, 'ci_high')] = roundTo(s?.ciHigh, decimals);
    out[summaryColumn(metric, 'cv')] = roundTo(s?.cv, 3);
  }
  return out;
}
