import { cellFlags } from './cell-flags.ts';
import { table } from './plain-table.ts';
import { summaryColumn, type CellSummary, type SummaryMetric } from '../types.ts';

const num = (v: number | null, digits = 0) => (v === null ? '-' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));
const msFromUs = (v: number | null) => (v === null ? '-' : (v / 1000).toFixed(2));
const ci = (s: CellSummary, metric: SummaryMetric, f: (v: number | null) => string) => {
  const [low, high] = [s[summaryColumn(metric, 'ci_low')], s[summaryColumn(metric, 'ci_high')]];
  return low === null || high === null ? '' : ` [${f(low)}, ${f(high)}]`;
};

/** Per-cell medians across repetitions, with 95% intervals where there are enough runs. */
export function formatSummary(summaries: CellSummary[]): string {
  const rows = summaries.map((s) => [
    s.cell_label,
    `${s.completed}/${s.runs}`,
    `${msFromUs(s.latency_p99_us_median)}${ci(s, 'latency_p99_us', msFromUs)}`,
    num(s.rps_median),
    num(s.cpu_throttled_ms_median),
    num(s.cold_start_ms_median, 1),
    s.gomaxprocs ?? '-',
    cellFlags(s).join(' '),
  ]);
  return table(['cell', 'runs', 'p99 ms [95% CI]', 'rps', 'throttled ms', 'cold start ms', 'GOMAXPROCS', 'flags'], rows);
}
