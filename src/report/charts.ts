import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CellSummary, ColdStartRow, ResultRow } from '../types.ts';
import type { Chart } from './chart.ts';
import { byAxis } from './chart-by-axis.ts';
import { shortLabels } from './chart-axes.ts';
import { binaryVsColdStart } from './chart-binary-size.ts';
import { coldStartPhases } from './chart-cold-start.ts';
import { oomByMemory } from './chart-oom.ts';
import { lambdaTierChart, lambdaTiers } from './lambda-tiers.ts';

export { shortLabels } from './chart-axes.ts';

export type { Chart } from './chart.ts';

const ms = (us: number | null | undefined) => (us === null || us === undefined ? null : us / 1000);
const orNull = (v: number | null | undefined) => v ?? null;

/** The charts a sweep's data supports: each only when the sweep varies what it shows. */
export function chartsFor(summaries: CellSummary[], rows: ResultRow[], coldStarts: ColdStartRow[]): Chart[] {
  const labels = shortLabels(summaries);
  const throttled = summaries.some((s) => Number(s.cpu_throttled_ms_median) > 0);
  return [
    byAxis(summaries, {
      id: 'p99',
      title: 'p99 latency (median of runs)',
      yTitle: 'p99 ms',
      value: (s) => ms(s.latency_p99_us_median),
      interval: (s) => (s.latency_p99_us_ci_low == null || s.latency_p99_us_ci_high == null ? null : [s.latency_p99_us_ci_low / 1000, s.latency_p99_us_ci_high / 1000]),
    }, labels),
    byAxis(summaries, { id: 'throughput', title: 'Throughput (median of runs)', yTitle: 'requests/s', value: (s) => orNull(s.rps_median) }, labels),
    throttled ? byAxis(summaries, { id: 'throttled', title: 'CPU throttled time in the window (median of runs)', yTitle: 'throttled ms', value: (s) => orNull(s.cpu_throttled_ms_median) }, labels) : null,
    coldStartPhases(coldStarts, summaries, labels),
    binaryVsColdStart(rows, summaries, labels),
    oomByMemory(summaries),
    lambdaTierChart(lambdaTiers(rows)),
  ].filter((c): c is Chart => c !== null);
}

/** Renders a Vega-Lite spec to SVG in Node, through Vega's own renderer. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
