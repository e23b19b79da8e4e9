import { markdownTable } from 'markdown-table';
import type { CellSummary, NumericResultColumn, ResultRow, SweepMeta } from '../types.ts';
import { CELL_COLUMNS } from './cell-columns.ts';
import { flagMeanings } from './cell-flags.ts';

interface BenchUnit {
  /** The results.csv column. */
  column: NumericResultColumn;
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
    const values = BENCH_UNITS.flatMap((u) => { const v = row[u.column]; return v == null ? [] : [`${inUnit(v, u)} ${u.unit}`]; });
    lines.push(`BenchmarkSweep/${params.join('/')} 1 ${values.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Runs and summaries as JSON, numbers and booleans as such, empty as null. */
export function toJson(rows: ResultRow[], summaries: CellSummary[], meta: SweepMeta | null): string {
  return `${JSON.stringify({ meta, summary: summaries, runs: rows }, null, 2)}\n`;
}

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

/** One line per cell: medians across repetitions with 95% intervals where there are enough runs, and the cell's flags, explained below the table. */
export function cellsMarkdown(summaries: CellSummary[]): string {
  const table = markdownTable([CELL_COLUMNS.map((c) => c.head), ...summaries.map((s) => CELL_COLUMNS.map((c) => c.value(s)))]);
  const meanings = flagMeanings(summaries);
  return `${table}\n${meanings ? `\nFlags: ${meanings}.\n` : ''}`;
}

export function toMarkdown(summaries: CellSummary[], meta: SweepMeta | null): string {
  return `${markdownHeader(meta)}${cellsMarkdown(summaries)}`;
}
