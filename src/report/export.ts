import { markdownTable } from 'markdown-table';
import { summaryColumn, type CellSummary, type ResultRow, type SummaryMetric } from '../types.ts';
import type { SweepMeta } from '../write/meta.ts';

interface BenchUnit {
  /** The results.csv column. */
  column: string;
  /** A unit in base units (sec, B): benchstat rescales `ns` and `MB` units, but a 0 keeps the unit it was written in and lands in a table of its own. */
  unit: string;
  /** The column's units in one of `unit`: 1e6 µs in a second. */
  perUnit: number;
  /** Decimals the column is measured to. */
  decimals: number;
  better: 'lower' | 'higher';
}

const BENCH_UNITS: BenchUnit[] = [
  { column: 'latency_p50_us', unit: 'p50-sec', perUnit: 1e6, decimals: 0, better: 'lower' },
  { column: 'latency_p99_us', unit: 'p99-sec', perUnit: 1e6, decimals: 0, better: 'lower' },
  { column: 'latency_p999_us', unit: 'p99.9-sec', perUnit: 1e6, decimals: 0, better: 'lower' },
  { column: 'rps', unit: 'req/s', perUnit: 1, decimals: 1, better: 'higher' },
  { column: 'cold_start_ms_median', unit: 'cold-start-sec', perUnit: 1e3, decimals: 3, better: 'lower' },
  { column: 'cpu_throttled_ms', unit: 'throttled-sec', perUnit: 1e3, decimals: 3, better: 'lower' },
  { column: 'memory_peak_bytes', unit: 'peak-B', perUnit: 1, decimals: 0, better: 'lower' },
];

/** A value in its benchmark unit, exact to the column's precision: 0.005035, not 0.0050349999999999996. */
const inUnit = (value: number, u: BenchUnit) => Math.round(value * 10 ** u.decimals) / (u.perUnit * 10 ** u.decimals);
const isEmpty = (v: unknown) => v === '' || v === null || v === undefined;

/**
 * The Go benchmark text format, one line per completed run, so benchstat can
 * read results: `BenchmarkSweep/workload=cpu/cpus=1/env_GOMAXPROCS=16 1 …`.
 * Cells become key=value sub-benchmarks, which benchstat can group by (-col, -row).
 * Every metric a run has is on its line, a 0 included.
 */
export function toBenchmarkText(rows: ResultRow[], meta: SweepMeta | null): string {
  const lines = [
    'goos: linux',
    meta?.host.targets.docker ? `goarch: ${String(meta.host.targets.docker.goarch)}` : null,
    meta ? `cpu: ${meta.host.cpuModel}` : null,
    meta ? `pkg: gosweep/${meta.matrix.name}` : null,
    ...BENCH_UNITS.map((u) => `Unit ${u.unit} better=${u.better}`),
  ].filter((l): l is string => l !== null);
  for (const row of rows.filter((r) => r.status === 'completed')) {
    const params = Object.entries(row)
      .filter(([k]) => k.startsWith('param_'))
      .map(([k, v]) => `${k.slice('param_'.length)}=${isEmpty(v) ? 'unset' : String(v).replace(/\s+/g, '_')}`);
    const values = BENCH_UNITS.filter((u) => !isEmpty(row[u.column]) && Number.isFinite(Number(row[u.column]))).map((u) => `${inUnit(Number(row[u.column]), u)} ${u.unit}`);
    lines.push(`BenchmarkSweep/${params.join('/')} 1 ${values.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs and summaries as JSON; pass rows with their kinds (write/typed-rows.ts), so numbers and booleans stay typed. */
export function toJson(rows: ResultRow[], summaries: CellSummary[], meta: SweepMeta | null): string {
  return `${JSON.stringify({ meta, summary: summaries, runs: rows }, null, 2)}\n`;
}

const us = (v: number | null) => (v === null ? '-' : (v / 1000).toFixed(2));
const num = (v: number | null, digits = 0) => (v === null ? '-' : v.toFixed(digits));
const interval = (s: CellSummary, metric: SummaryMetric, f: (v: number | null) => string) => {
  const [low, high] = [s[summaryColumn(metric, 'ci_low')], s[summaryColumn(metric, 'ci_high')]];
  return low === null || high === null ? '' : ` [${f(low)}, ${f(high)}]`;
};

/** The platforms a sweep ran on, as a heading reads them: "Docker 20.10.24". */
export function platforms(meta: SweepMeta): string {
  return Object.entries(meta.host.targets)
    .map(([name, facts]) => (name === 'docker' ? `Docker ${String(facts.serverVersion)}` : name))
    .join(', ');
}

/** The title and host line of a markdown document about a sweep. */
export function markdownHeader(meta: SweepMeta | null): string {
  if (!meta) return '';
  return `# ${meta.matrix.name} (${meta.sweepId})\n\n${meta.host.cpuModel}, ${meta.host.cpus} CPUs, kernel ${meta.host.kernel}, ${platforms(meta)}, ${meta.host.go}, seed ${meta.seed}\n\n`;
}

/** One line per cell: medians across repetitions with 95% intervals where there are enough runs. */
export function cellsMarkdown(summaries: CellSummary[]): string {
  const head = ['cell', 'runs', 'p50 ms', 'p99 ms [95% CI]', 'rps', 'cold start ms', 'throttled ms', 'GOMAXPROCS', 'OOM-killed runs'];
  const body = summaries.map((s) => [
    s.cell_label,
    `${s.completed}/${s.runs}`,
    us(s.latency_p50_us_median),
    `${us(s.latency_p99_us_median)}${interval(s, 'latency_p99_us', us)}`,
    num(s.rps_median),
    num(s.cold_start_ms_median, 1),
    num(s.cpu_throttled_ms_median),
    s.gomaxprocs ?? '-',
    String(s.oom_killed_runs),
  ]);
  return `${markdownTable([head, ...body])}\n`;
}

export function toMarkdown(summaries: CellSummary[], meta: SweepMeta | null): string {
  return `${markdownHeader(meta)}${cellsMarkdown(summaries)}`;
}
