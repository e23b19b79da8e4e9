import type { ClaimResult, CsvValue, PlannedRun, ResultRow, RunOutcome } from '../types.ts';

/** What a sweep says as it goes; `gosweep run` hands each to its listeners: the progress, --quiet's error lines, --json's lines. */
export type SweepEvent =
  | { event: 'run-started'; run: PlannedRun }
  /** `row` is the results.csv row as the writer wrote it. */
  | { event: 'run-finished'; outcome: RunOutcome; row: ResultRow }
  /** A note for people: `error` for what went wrong (a build that failed), else what happened (built, skipped). */
  | { event: 'note'; line: string; error: boolean };

export type SweepListener = (event: SweepEvent) => void;

/**
 * `gosweep run --json`: one JSON object a line on stdout, and nothing else
 * there (the text for people goes to stderr):
 *
 * - `run-started`: runId, cellId, label, repetition, order (1-based, in the sweep's plan), as a run begins;
 * - `run-finished`: row, the run's results.csv row as written: every column by name, numbers
 *   and booleans as such, null where the CSV cell is empty;
 * - `sweep-finished`, last: dir (the results folder), results (its results.csv), planned (runs in
 *   the plan), runs (runs finished by this invocation: completed + failed + skipped), completed,
 *   failed, skipped, interrupted, verdicts (the matrix's claims judged, as claims.json has them).
 *
 * An error that stops the sweep prints no sweep-finished: the exit code and stderr say what happened.
 */
export type SweepJsonEvent =
  | { event: 'run-started'; runId: string; cellId: string; label: string; repetition: number; order: number }
  | { event: 'run-finished'; row: Record<string, CsvValue> }
  | {
      event: 'sweep-finished';
      dir: string;
      results: string;
      planned: number;
      runs: number;
      completed: number;
      failed: number;
      skipped: number;
      interrupted: boolean;
      verdicts: ClaimResult[];
    };

/** The JSON events in order, for `gosweep run --help`. */
export const JSON_EVENTS_HELP = `
--json prints one JSON object a line on stdout, and nothing else there:
  {"event":"run-started","runId":…,"cellId":…,"label":…,"repetition":…,"order":…}
  {"event":"run-finished","row":{…}}        the run's results.csv row as written (null where empty)
  {"event":"sweep-finished","dir":…,"results":…,"planned":…,"runs":…,"completed":…,"failed":…,
   "skipped":…,"interrupted":…,"verdicts":[…]}   last; verdicts as claims.json has them
`;

/** A value as JSON has it: a number JSON cannot hold, or none, is null (the CSV cell is empty). */
const jsonValue = (v: CsvValue | undefined): CsvValue => (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v);

/** The event as --json prints it; null for what only people read (notes). */
export function toJsonEvent(e: SweepEvent): SweepJsonEvent | null {
  switch (e.event) {
    case 'run-started':
      return { event: 'run-started', runId: e.run.runId, cellId: e.run.cell.id, label: e.run.cell.label, repetition: e.run.repetition, order: e.run.order };
    case 'run-finished':
      return { event: 'run-finished', row: Object.fromEntries(Object.entries(e.row as Record<string, CsvValue | undefined>).map(([column, v]) => [column, jsonValue(v)])) };
    case 'note':
      return null;
  }
}
