import { median } from 'simple-statistics';
import type { TopLevelSpec } from 'vega-lite';
import { groupByCell, numbersOf } from '../summarize/rows.ts';
import type { CellSummary, ResultRow } from '../types.ts';
import { axisValue, cellsIn, flaggedLabel, flagsText, hollowNote, num, pointsLayer, titled, VEGA_LITE_SCHEMA } from './chart-axes.ts';
import type { Chart } from './chart.ts';

/**
 * Each cell's median cold start against its binary size, drawn only when a
 * workload's binary size varies (a build axis): two workloads' binaries
 * differing in size is no size axis.
 */
export function binaryVsColdStart(rows: ResultRow[], summaries: CellSummary[], labels: Map<string, string>): Chart | null {
  const done = rows.filter((r) => r.status === 'completed' && r.binary_bytes !== null && r.cold_start_ms_median !== null);
  const sizes = new Map<string, Set<number>>();
  for (const r of done) sizes.set(axisValue(r.param_workload), (sizes.get(axisValue(r.param_workload)) ?? new Set()).add(r.binary_bytes as number));
  if (![...sizes.values()].some((s) => s.size > 1)) return null;
  const byId = new Map(summaries.map((s) => [s.cell_id, s]));
  const runsByCell = groupByCell(done);
  const values = [...runsByCell].map(([cell, runs]) => {
    const [name, flags] = [labels.get(cell) ?? runs[0]?.cell_label ?? cell, flagsText(byId.get(cell))];
    return {
      cell: name,
      label: flaggedLabel(name, flags),
      workload: axisValue(runs[0]?.param_workload),
      mib: median(numbersOf(runs, 'binary_bytes')) / 1024 ** 2,
      cold_ms: median(numbersOf(runs, 'cold_start_ms_median')),
      flags,
    };
  });
  const x = { field: 'mib', type: 'quantitative', title: 'binary MiB' };
  const y = { field: 'cold_ms', type: 'quantitative', title: 'cold start ms (median of runs)' };
  const color = sizes.size > 1 ? { field: 'workload', type: 'nominal' } : null;
  const title = 'Binary size against cold start';
  return {
    id: 'binary-vs-cold-start',
    title,
    notes: [],
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: titled(title, [hollowNote(cellsIn(summaries, runsByCell))]),
      data: { values },
      width: 320,
      height: 220,
      layer: [
        pointsLayer(x, y, color, [{ field: 'cell' }, { field: 'mib' }, { field: 'cold_ms' }, { field: 'flags' }]),
        { mark: { type: 'text', dy: -10, fontSize: 10, color: '#444' }, encoding: { x, y, text: { field: 'label' } } },
      ],
    } as TopLevelSpec,
  };
}
