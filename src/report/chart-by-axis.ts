import type { TopLevelSpec } from 'vega-lite';
import { summarizeSamples } from '../summarize/sample-stats.ts';
import type { CellSummary } from '../types.ts';
import { axisOrder, axisValue, fieldOf, flagsLayer, flagsText, hollowNote, pointsLayer, titled, varying, VEGA_LITE_SCHEMA } from './chart-axes.ts';
import type { Chart } from './chart.ts';

const hasInterval = (runs: number) => summarizeSamples([0, ...Array.from({ length: runs - 1 }, () => 0)]).ciLow !== null;
/** Runs a cell needs before its median has a 95% interval: the fewest for which sample-stats gives one (6). */
export const RUNS_FOR_INTERVAL = Array.from({ length: 32 }, (_, i) => i + 1).find(hasInterval) ?? 6;

/** A per-cell metric drawn against the sweep's axes. */
export interface AxisMetric {
  id: string;
  /** The title without the interval: `p99 latency (median of runs)`. */
  title: string;
  yTitle: string;
  /** The cell's value in the chart's unit, or null when it has none. */
  value: (s: CellSummary) => number | null;
  /** The cell's 95% interval in the chart's unit, for a metric that has one; null when the cell has too few runs. */
  interval?: (s: CellSummary) => [number, number] | null;
}

const runsText = (cells: CellSummary[]) => {
  const counts = cells.map((s) => s.completed);
  const [low, high] = [Math.min(...counts), Math.max(...counts)];
  return low === high ? `${low} runs` : `${low} to ${high} runs`;
};

/** Why some or all cells have no interval drawn: `no 95% interval: 3 runs a cell, 6 needed`. */
function intervalNote(cells: CellSummary[], withInterval: Set<string>, labels: Map<string, string>): string | null {
  const without = cells.filter((s) => !withInterval.has(s.cell_id));
  if (without.length === 0) return null;
  if (withInterval.size === 0) return `no 95% interval: ${runsText(without)} a cell, ${RUNS_FOR_INTERVAL} needed`;
  return `no 95% interval for ${without.map((s) => labels.get(s.cell_id) ?? s.cell_label).join(', ')}: ${runsText(without)}, ${RUNS_FOR_INTERVAL} needed`;
}

/**
 * A metric against cpus (or the first other axis that varies), as categories:
 * one line per combination of the remaining axes, one panel with its own y
 * scale per workload. Flagged cells are hollow, their flags printed beside them.
 * No chart when no axis but the workload varies: different programs on one line say nothing.
 */
export function byAxis(summaries: CellSummary[], metric: AxisMetric, labels: Map<string, string>): Chart | null {
  const axes = varying(summaries);
  const others = axes.filter((a) => a !== 'param_workload');
  const x = others.includes('param_cpus') ? 'param_cpus' : others[0];
  if (!x) return null;
  const seriesAxes = others.filter((a) => a !== x);
  const seriesOf = (s: CellSummary) => seriesAxes.map((a) => (seriesAxes.length === 1 ? axisValue(s[a]) : `${fieldOf(a)}=${axisValue(s[a])}`)).join(' ');
  const xOrder = axisOrder(summaries.map((s) => s[x]));
  const cells = summaries.filter((s) => metric.value(s) !== null);
  if (cells.length === 0) return null;
  const values = cells.map((s) => {
    const interval = metric.interval?.(s) ?? null;
    return {
      cell: labels.get(s.cell_id) ?? s.cell_label,
      x: axisValue(s[x]),
      xRank: xOrder.indexOf(axisValue(s[x])),
      series: seriesOf(s),
      workload: axisValue(s.param_workload),
      value: metric.value(s),
      low: interval?.[0] ?? null,
      high: interval?.[1] ?? null,
      flags: flagsText(s),
    };
  });

  const withInterval = new Set(cells.filter((s) => metric.interval?.(s)).map((s) => s.cell_id));
  const notes = metric.interval ? [intervalNote(cells, withInterval, labels)].filter((n): n is string => n !== null) : [];
  const title = withInterval.size > 0 ? metric.title.replace(/\)$/, ', 95% interval)') : metric.title;

  const xEnc = { field: 'x', type: 'ordinal', title: fieldOf(x), sort: xOrder, scale: { type: 'point', padding: 0.5 }, axis: { labelAngle: 0 } };
  const yEnc = { field: 'value', type: 'quantitative', title: metric.yTitle };
  const colorField = seriesAxes.length ? { field: 'series', type: 'nominal', title: seriesAxes.map(fieldOf).join(' '), sort: axisOrder(values.map((v) => v.series)) } : null;
  const color = colorField ? { color: colorField } : {};
  const layer: object[] = [
    { mark: 'line', encoding: { x: xEnc, y: yEnc, order: { field: 'xRank' }, ...color } },
    ...(withInterval.size > 0
      ? [{ transform: [{ filter: 'datum.low !== null' }], mark: { type: 'errorbar', ticks: { size: 10 }, thickness: 1.5 }, encoding: { x: xEnc, y: { field: 'low', type: 'quantitative', title: metric.yTitle }, y2: { field: 'high' }, ...color } }]
      : []),
    pointsLayer(xEnc, yEnc, colorField, [{ field: 'cell' }, { field: 'value', title: metric.yTitle }, ...(metric.interval ? [{ field: 'low' }, { field: 'high' }] : []), { field: 'flags' }]),
    flagsLayer(xEnc, yEnc),
  ];
  const head = { $schema: VEGA_LITE_SCHEMA, title: titled(title, [...notes, hollowNote(cells)]), data: { values } };
  const workloads = axisOrder(values.map((v) => v.workload));
  const spec = axes.includes('param_workload')
    ? { ...head, facet: { field: 'workload', type: 'nominal', title: null, sort: workloads, header: { labelExpr: "'workload=' + datum.value", labelFontWeight: 'bold', labelFontSize: 12 } }, columns: Math.min(workloads.length, 3), spec: { layer, width: 260, height: 200 }, resolve: { scale: { y: 'independent' } } }
    : { ...head, layer, width: 320, height: 220 };
  return { id: metric.id, title, notes, spec: spec as TopLevelSpec };
}
