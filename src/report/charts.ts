import * as vega from 'vega';
import { median } from 'simple-statistics';
import { compile, type TopLevelSpec } from 'vega-lite';
import { groupByCell, numbersOf } from '../summarize/rows.ts';
import type { CellSummary, ResultRow } from '../types.ts';

export interface Chart {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

type Datum = Record<string, string | number | null>;

/** Vega-Lite reads dots as nested fields: env.GOMAXPROCS becomes GOMAXPROCS, build.tags build_tags. */
const fieldOf = (column: string) => column.replace(/^param_/, '').replace(/^env_/, '');
const num = (v: unknown) => (v === '' || v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v));

/** Axes (param columns) with more than one value in these summaries, in matrix order. */
function varying(summaries: CellSummary[]): Array<`param_${string}`> {
  const columns = Object.keys(summaries[0] ?? {}).filter((k): k is `param_${string}` => k.startsWith('param_'));
  return columns.filter((c) => new Set(summaries.map((s) => String(s[c] ?? ''))).size > 1);
}

/** A cell named by the axes that vary in this sweep only: `cpus=1 GOMAXPROCS=16`. */
export function shortLabels(summaries: CellSummary[]): Map<string, string> {
  const axes = varying(summaries);
  return new Map(summaries.map((s) => [String(s.cell_id), axes.map((a) => `${fieldOf(a)}=${s[a] === '' || s[a] === null ? 'unset' : s[a]}`).join(' ') || String(s.cell_label)]));
}

function cellData(summaries: CellSummary[]): Datum[] {
  return summaries.map((s) => {
    const d: Datum = { cell: String(s.cell_label) };
    for (const [k, v] of Object.entries(s)) if (k.startsWith('param_')) d[fieldOf(k)] = v === '' || v === null ? 'unset' : (v as string | number);
    d.p99_ms = num(s.latency_p99_us_median) === null ? null : Number(s.latency_p99_us_median) / 1000;
    d.p99_low_ms = num(s.latency_p99_us_ci_low) === null ? null : Number(s.latency_p99_us_ci_low) / 1000;
    d.p99_high_ms = num(s.latency_p99_us_ci_high) === null ? null : Number(s.latency_p99_us_ci_high) / 1000;
    d.rps = num(s.rps_median);
    d.throttled_ms = num(s.cpu_throttled_ms_median);
    d.oom_killed_runs = num(s.oom_killed_runs);
    return d;
  });
}

/** A metric against cpus (or the first varying axis), one line per value of the next varying axis. */
function byAxis(summaries: CellSummary[], id: string, title: string, y: string, yTitle: string, band?: [string, string]): Chart | null {
  const axes = varying(summaries);
  const x = axes.includes('param_cpus') ? 'param_cpus' : axes[0];
  if (!x) return null;
  const color = axes.find((a) => a !== x && a !== 'param_workload') ?? (axes.includes('param_workload') && x !== 'param_workload' ? 'param_workload' : undefined);
  const facet = axes.find((a) => a !== x && a !== color);
  const values = cellData(summaries).filter((d) => d[y] !== null);
  if (values.length === 0) return null;
  const xEnc = { field: fieldOf(x), type: x === 'param_cpus' ? ('quantitative' as const) : ('ordinal' as const), title: fieldOf(x) };
  const colorEnc = color ? { color: { field: fieldOf(color), type: 'nominal' as const, title: fieldOf(color) } } : {};
  const layers: object[] = [
    { mark: { type: 'line', point: true }, encoding: { x: xEnc, y: { field: y, type: 'quantitative', title: yTitle }, ...colorEnc } },
  ];
  if (band && values.some((d) => d[band[0]] !== null)) {
    layers.push({ mark: { type: 'errorbar', ticks: true }, encoding: { x: xEnc, y: { field: band[0], type: 'quantitative' }, y2: { field: band[1] }, ...colorEnc } });
  }
  const layered = { layer: layers, width: 320, height: 220 };
  const spec = facet
    ? ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, data: { values }, facet: { column: { field: fieldOf(facet), type: 'nominal' } }, spec: layered } as TopLevelSpec)
    : ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title, data: { values }, ...layered } as TopLevelSpec);
  return { id, title, spec };
}

/** Phases that add up to a cold start: the workload's own when it reports them, else the harness's. */
const PHASES_JOINED: Array<[string, string]> = [
  ['create', 'create_ms'],
  ['start → init', 'start_to_init_ms'],
  ['package init', 'package_init_ms'],
  ['main → listen', 'main_to_listen_ms'],
  ['listen → ready', 'listen_to_ready_ms'],
];
const PHASES_HARNESS: Array<[string, string]> = [
  ['create', 'create_ms'],
  ['start', 'start_ms'],
  ['ready', 'ready_ms'],
];

function coldStartPhases(coldStarts: ResultRow[], labels: Map<string, string>): Chart | null {
  if (coldStarts.length === 0) return null;
  const joined = coldStarts.every((r) => num(r.package_init_ms) !== null) ? PHASES_JOINED : PHASES_HARNESS;
  const phases: Array<[string, string]> = coldStarts.some((r) => num(r.pull_ms) !== null) ? [['pull', 'pull_ms'], ...joined] : joined;
  const values = [...groupByCell(coldStarts)].flatMap(([cell, rows]) =>
    phases.map(([phase, column], order) => {
      const ms = numbersOf(rows, column);
      return { cell: labels.get(cell) ?? cell, phase, order, ms: ms.length ? median(ms) : 0 };
    }),
  );
  return {
    id: 'cold-start-phases',
    title: 'Cold start by phase (median ms)',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Cold start by phase (median ms)',
      data: { values },
      mark: 'bar',
      width: 420,
      encoding: {
        y: { field: 'cell', type: 'nominal', title: null, axis: { labelLimit: 480 } },
        x: { field: 'ms', type: 'quantitative', stack: 'zero', title: 'ms' },
        color: { field: 'phase', type: 'nominal', sort: phases.map(([p]) => p) },
        order: { field: 'order' },
      },
    },
  };
}

function binaryVsColdStart(rows: ResultRow[]): Chart | null {
  const values = rows
    .filter((r) => r.status === 'completed' && num(r.binary_bytes) !== null && num(r.cold_start_ms_median) !== null)
    .map((r) => ({ mib: Number(r.binary_bytes) / 1024 ** 2, cold_ms: Number(r.cold_start_ms_median), cell: String(r.cell_label) }));
  if (new Set(values.map((v) => v.mib)).size < 2) return null;
  return {
    id: 'binary-vs-cold-start',
    title: 'Binary size against cold start',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: 'Binary size against cold start',
      data: { values },
      mark: 'point',
      width: 320,
      height: 220,
      encoding: { x: { field: 'mib', type: 'quantitative', title: 'binary MiB' }, y: { field: 'cold_ms', type: 'quantitative', title: 'cold start ms' }, tooltip: { field: 'cell' } },
    },
  };
}

function oomByMemory(summaries: CellSummary[]): Chart | null {
  const axes = varying(summaries);
  if (!axes.includes('param_memory') || summaries.every((s) => !Number(s.oom_killed_runs))) return null;
  const values = cellData(summaries).map((d) => ({
    ...d,
    variant: [d.GOMEMLIMIT !== undefined ? `GOMEMLIMIT=${d.GOMEMLIMIT}` : '', d.build_tags !== undefined ? `tags=${d.build_tags}` : ''].filter(Boolean).join(' ') || 'all',
  }));
  const facet = axes.find((a) => !['param_memory', 'param_env_GOMEMLIMIT', 'param_build_tags'].includes(a));
  const spec = {
    mark: 'bar' as const,
    width: 200,
    height: 200,
    encoding: {
      x: { field: 'memory', type: 'ordinal' as const, sort: null },
      xOffset: { field: 'variant' },
      y: { field: 'oom_killed_runs', type: 'quantitative' as const, title: 'OOM-killed runs' },
      color: { field: 'variant', type: 'nominal' as const },
    },
  };
  return {
    id: 'oom-by-memory',
    title: 'OOM kills by memory limit and GOMEMLIMIT',
    spec: facet
      ? ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'OOM kills by memory limit and GOMEMLIMIT', data: { values }, facet: { column: { field: fieldOf(facet), type: 'nominal' } }, spec } as TopLevelSpec)
      : ({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: 'OOM kills by memory limit and GOMEMLIMIT', data: { values }, ...spec } as TopLevelSpec),
  };
}

/** The charts a sweep's data supports: only those whose axes and columns it has. */
export function chartsFor(summaries: CellSummary[], rows: ResultRow[], coldStarts: ResultRow[]): Chart[] {
  const labels = shortLabels(summaries);
  const throttled = summaries.some((s) => Number(s.cpu_throttled_ms_median) > 0);
  return [
    byAxis(summaries, 'p99', 'p99 latency (median of runs, 95% CI)', 'p99_ms', 'p99 ms', ['p99_low_ms', 'p99_high_ms']),
    byAxis(summaries, 'throughput', 'Throughput (median of runs)', 'rps', 'requests/s'),
    throttled ? byAxis(summaries, 'throttled', 'CPU throttled time in the window (median of runs)', 'throttled_ms', 'throttled ms') : null,
    coldStartPhases(coldStarts, labels),
    binaryVsColdStart(rows),
    oomByMemory(summaries),
  ].filter((c): c is Chart => c !== null);
}

/** Renders a Vega-Lite spec to SVG in Node, through Vega's own renderer. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
