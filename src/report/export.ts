import { markdownTable } from 'markdown-table';
import type { CellSummary } from '../summarize/cells.ts';
import type { ResultRow } from '../types.ts';
import type { SweepMeta } from '../write/meta.ts';

/** results.csv column → Go benchmark unit and scale to it. */
const BENCH_UNITS: Array<[column: string, unit: string, scale: number]> = [
  ['latency_p50_us', 'p50-ns', 1000],
  ['latency_p99_us', 'p99-ns', 1000],
  ['latency_p999_us', 'p99.9-ns', 1000],
  ['rps', 'req/s', 1],
  ['cold_start_ms_median', 'cold-start-ns', 1e6],
  ['cpu_throttled_ms', 'throttled-ns', 1e6],
  ['memory_peak_bytes', 'peak-B', 1],
];

/**
 * The Go benchmark text format, one line per completed run, so benchstat can
 * read results: `BenchmarkSweep/workload=cpu/cpus=1/env_GOMAXPROCS=16 1 …`.
 * Cells become key=value sub-benchmarks, which benchstat can group by (-col, -row).
 */
export function toBenchmarkText(rows: ResultRow[], meta: SweepMeta | null): string {
  const lines = [
    'goos: linux',
    meta?.host.targets.docker ? `goarch: ${String(meta.host.targets.docker.goarch)}` : null,
    meta ? `cpu: ${meta.host.cpuModel}` : null,
    meta ? `pkg: gosweep/${meta.matrix.name}` : null,
  ].filter((l): l is string => l !== null);
  for (const row of rows.filter((r) => r.status === 'completed')) {
    const params = Object.entries(row)
      .filter(([k]) => k.startsWith('param_'))
      .map(([k, v]) => `${k.slice('param_'.length)}=${v === '' || v === null ? 'unset' : String(v).replace(/\s+/g, '_')}`);
    const values = BENCH_UNITS.filter(([column]) => row[column] !== '' && row[column] !== null && row[column] !== undefined).map(
      ([column, unit, scale]) => `${Math.round(Number(row[column]) * scale)} ${unit}`,
    );
    lines.push(`BenchmarkSweep/${params.join('/')} 1 ${values.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function toJson(rows: ResultRow[], summaries: CellSummary[], meta: SweepMeta | null): string {
  return `${JSON.stringify({ meta, summary: summaries, runs: rows }, null, 2)}\n`;
}

const us = (v: unknown) => (v === null || v === undefined || v === '' ? '-' : (Number(v) / 1000).toFixed(2));
const num = (v: unknown, digits = 0) => (v === null || v === undefined || v === '' ? '-' : Number(v).toFixed(digits));
const interval = (s: CellSummary, metric: string, f: (v: unknown) => string) =>
  s[`${metric}_ci_low`] === null ? '' : ` [${f(s[`${metric}_ci_low`])}, ${f(s[`${metric}_ci_high`])}]`;

/** The title and host line of a markdown document about a sweep. */
/** The platforms a sweep ran on, as a heading reads them: "Docker 20.10.24". */
export function platforms(meta: SweepMeta): string {
  return Object.entries(meta.host.targets)
    .map(([name, facts]) => (name === 'docker' ? `Docker ${String(facts.serverVersion)}` : name))
    .join(', ');
}

export function markdownHeader(meta: SweepMeta | null): string {
  if (!meta) return '';
  return `# ${meta.matrix.name} (${meta.sweepId})\n\n${meta.host.cpuModel}, ${meta.host.cpus} CPUs, kernel ${meta.host.kernel}, ${platforms(meta)}, ${meta.host.go}, seed ${meta.seed}\n\n`;
}

/** One line per cell: medians across repetitions with 95% intervals where there are enough runs. */
export function cellsMarkdown(summaries: CellSummary[]): string {
  const head = ['cell', 'runs', 'p50 ms', 'p99 ms [95% CI]', 'rps', 'cold start ms', 'throttled ms', 'GOMAXPROCS', 'OOM-killed runs'];
  const body = summaries.map((s) => [
    String(s.cell_label),
    `${s.completed}/${s.runs}`,
    us(s.latency_p50_us_median),
    `${us(s.latency_p99_us_median)}${interval(s, 'latency_p99_us', us)}`,
    num(s.rps_median),
    num(s.cold_start_ms_median_median, 1),
    num(s.cpu_throttled_ms_median),
    String(s.gomaxprocs ?? '-'),
    String(s.oom_killed),
  ]);
  return `${markdownTable([head, ...body])}\n`;
}

export function toMarkdown(summaries: CellSummary[], meta: SweepMeta | null): string {
  return `${markdownHeader(meta)}${cellsMarkdown(summaries)}`;
}
