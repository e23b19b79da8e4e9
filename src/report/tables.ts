import Table from 'cli-table3';
import prettyMilliseconds from 'pretty-ms';
import type { CellSummary } from '../summarize/cells.ts';
import { estimateRunMs } from '../sweep/progress.ts';
import type { Plan } from '../types.ts';

const PLAIN = {
  chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
};

function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, ...PLAIN });
  t.push(...rows);
  return t.toString();
}

/** The --dry-run listing: every cell with its stable id, and what the sweep will take. */
export function formatPlan(plan: Plan): string {
  const { run } = plan.matrix;
  const rows = plan.cells.map((c) => [c.id, c.label, c.cpus === null ? '-' : String(c.cpus), c.memoryBytes === null ? '-' : String(c.params.memory), Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ') || '-']);
  const estimate = prettyMilliseconds(plan.runs.length * estimateRunMs(run), { secondsDecimalDigits: 0 });
  return [
    `matrix ${plan.matrix.name}${plan.shard ? ` (shard ${plan.shard.index}/${plan.shard.count})` : ''}: ${plan.cells.length} cells × ${run.repetitions} repetitions = ${plan.runs.length} runs (seed ${plan.seed})`,
    `each run: ${run.coldStarts} cold starts${run.pull ? ' (each pulls its image afresh from a local registry)' : ''}, ${run.warmupSeconds} s warm-up, ${run.durationSeconds} s measured; about ${estimate} in all`,
    '',
    table(['cell id', 'label', 'cpus', 'memory', 'env'], rows),
  ].join('\n');
}

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
