import { table } from './plain-table.ts';
import type { CellSummary } from '../summarize/cells.ts';

const num = (v: unknown, digits = 0) => (v === null || v === undefined || v === '' ? '-' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits }));
const msFromUs = (v: unknown) => (v === null || v === undefined ? '-' : (Number(v) / 1000).toFixed(2));
const ci = (s: CellSummary, metric: string, f: (v: unknown) => string) =>
  s[`${metric}_ci_low`] === null ? '' : ` [${f(s[`${metric}_ci_low`])}, ${f(s[`${metric}_ci_high`])}]`;

/** Per-cell medians across repetitions, with 95% intervals where there are enough runs. */
export function formatSummary(summaries: CellSummary[]): string {
  const rows = summaries.map((s) => [
    String(s.cell_label),
    `${s.completed}/${s.runs}`,
    `${msFromUs(s.latency_p99_us_median)}${ci(s, 'latency_p99_us', msFromUs)}`,
    num(s.rps_median),
    num(s.cpu_throttled_ms_median),
    num(s.cold_start_ms_median_median, 1),
    String(s.gomaxprocs ?? '-'),
    [s.noisy ? 'noisy' : '', Number(s.oom_killed) > 0 ? `oom×${s.oom_killed}` : '', Number(s.memory_stalled) > 0 ? `stalled×${s.memory_stalled}` : '', Number(s.driver_limited) > 0 ? 'driver-limited' : '', Number(s.failed) > 0 ? `failed×${s.failed}` : ''].filter(Boolean).join(' '),
  ]);
  return table(['cell', 'runs', 'p99 ms [95% CI]', 'rps', 'throttled ms', 'cold start ms', 'GOMAXPROCS', 'flags'], rows);
}
