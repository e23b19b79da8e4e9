import { median } from 'simple-statistics';
import type { TopLevelSpec } from 'vega-lite';
import { groupByCell, numbersOf } from '../summarize/rows.ts';
import type { CellSummary, ColdStartRow } from '../types.ts';
import { cellsIn, flaggedLabel, flagsText, num, titled, VEGA_LITE_SCHEMA } from './chart-axes.ts';
import { flagMeanings } from './cell-flags.ts';
import type { Chart } from './chart.ts';

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

/** A phase under both of these in every cell cannot be seen in the bar, and only crowds the legend. */
export const NEGLIGIBLE_PHASE_MS = 0.1;
export const NEGLIGIBLE_PHASE_SHARE = 0.01;

const flagNote = (summaries: CellSummary[]) => {
  const meanings = flagMeanings(summaries);
  return meanings ? `[…]: the cell's flags (${meanings})` : null;
};

/** Median ms of each phase per cell, with the phases that are empty or negligible everywhere left out, and named. */
export function coldStartPhases(coldStarts: ColdStartRow[], summaries: CellSummary[], labels: Map<string, string>): Chart | null {
  if (coldStarts.length === 0) return null;
  const joined = coldStarts.every((r) => num(r.package_init_ms) !== null) ? PHASES_JOINED : PHASES_HARNESS;
  const phases: Array<[string, string]> = coldStarts.some((r) => num(r.pull_ms) !== null) ? [['pull', 'pull_ms'], ...joined] : joined;
  const cells = [...groupByCell(coldStarts)].map(([cell, rows]) => {
    const ms = phases.map(([, column]) => {
      const values = numbersOf(rows, column);
      return values.length ? median(values) : null;
    });
    return { cell, ms, totalMs: ms.reduce<number>((sum, v) => sum + (v ?? 0), 0) };
  });
  const empty = phases.filter((_, i) => cells.every((c) => c.ms[i] === null));
  const negligible = phases.filter((_, i) => !empty.includes(phases[i]!) && cells.every((c) => (c.ms[i] ?? 0) < NEGLIGIBLE_PHASE_MS && (c.ms[i] ?? 0) < NEGLIGIBLE_PHASE_SHARE * c.totalMs));
  const shown = phases.filter((p) => !empty.includes(p) && !negligible.includes(p));
  const byId = new Map(summaries.map((s) => [s.cell_id, s]));
  const values = cells.flatMap(({ cell, ms }) =>
    shown.map((phase, order) => ({
      cell: flaggedLabel(labels.get(cell) ?? cell, flagsText(byId.get(cell))),
      phase: phase[0],
      order,
      ms: ms[phases.indexOf(phase)] ?? 0,
    })),
  );
  const largest = (p: [string, string]) => Math.max(...cells.map((c) => c.ms[phases.indexOf(p)] ?? 0));
  const notes = [
    negligible.length ? `left out, under ${NEGLIGIBLE_PHASE_MS} ms and ${NEGLIGIBLE_PHASE_SHARE * 100}% of the total: ${negligible.map((p) => `${p[0]} (at most ${Number(largest(p).toPrecision(2))} ms)`).join(', ')}` : null,
    empty.length ? `not measured: ${empty.map((p) => p[0]).join(', ')}` : null,
  ].filter((n): n is string => n !== null);
  const title = 'Cold start by phase (median ms)';
  return {
    id: 'cold-start-phases',
    title,
    notes,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      title: titled(title, [...notes, flagNote(cellsIn(summaries, new Set(cells.map((c) => c.cell))))]),
      data: { values },
      mark: 'bar',
      width: 420,
      encoding: {
        y: { field: 'cell', type: 'nominal', title: null, axis: { labelLimit: 480 } },
        x: { field: 'ms', type: 'quantitative', stack: 'zero', title: 'ms' },
        color: { field: 'phase', type: 'nominal', sort: shown.map(([p]) => p) },
        order: { field: 'order' },
        tooltip: [{ field: 'cell' }, { field: 'phase' }, { field: 'ms' }],
      },
    } as TopLevelSpec,
  };
}
