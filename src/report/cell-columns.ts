import { summaryColumn, type CellSummary, type SummaryMetric } from '../types.ts';
import { cellFlags } from './cell-flags.ts';

/** One column of the cells table that report.md, report.html and `export --format markdown` share. */
export interface CellColumn {
  head: string;
  /** Plain text; the HTML escapes it. */
  value: (s: CellSummary) => string;
}

const isMissing = (v: unknown): v is null | undefined => v === null || v === undefined;
const ms = (us: number | null | undefined) => (isMissing(us) ? '-' : (us / 1000).toFixed(2));
const fixed = (digits: number) => (v: number | null | undefined) => (isMissing(v) ? '-' : v.toFixed(digits));
const withInterval = (s: CellSummary, metric: SummaryMetric, format: (v: number | null | undefined) => string) => {
  const [low, high] = [s[summaryColumn(metric, 'ci_low')], s[summaryColumn(metric, 'ci_high')]];
  const median = format(s[summaryColumn(metric, 'median')]);
  return isMissing(low) || isMissing(high) ? median : `${median} [${format(low)}, ${format(high)}]`;
};

/** Medians across repetitions, with the p99's 95% interval where there are enough runs, and the console's flags. */
export const CELL_COLUMNS: CellColumn[] = [
  { head: 'cell', value: (s) => s.cell_label },
  { head: 'runs', value: (s) => `${s.completed}/${s.runs}` },
  { head: 'p50 ms', value: (s) => ms(s.latency_p50_us_median) },
  { head: 'p99 ms [95% CI]', value: (s) => withInterval(s, 'latency_p99_us', ms) },
  { head: 'rps', value: (s) => fixed(0)(s.rps_median) },
  { head: 'cold start ms', value: (s) => fixed(1)(s.cold_start_ms_median) },
  { head: 'throttled ms', value: (s) => fixed(0)(s.cpu_throttled_ms_median) },
  { head: 'GOMAXPROCS', value: (s) => s.gomaxprocs ?? '-' },
  { head: 'flags', value: (s) => cellFlags(s).join(' ') },
];
