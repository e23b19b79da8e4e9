import type { ResultRow } from '../types.ts';

/**
 * results.csv flags that mark a run as measuring something other than the
 * workload (the load generator or the shared host, or a hung container). A
 * column a sweep lacks counts as false.
 */
export const FLAG_COLUMNS = ['driver_limited', 'memory_stalled', 'unanswered', 'contended'] as const;

/** Runs of one side of one cell that the gate left out, by flag (a run may carry several). */
export interface LeftOut {
  runs: number;
  /** Of `runs` in all. */
  of: number;
  byFlag: Partial<Record<(typeof FLAG_COLUMNS)[number], number>>;
}

const flagsOf = (row: ResultRow) => FLAG_COLUMNS.filter((column) => row[column] === true);

/** Splits completed runs into those the gate counts and a tally of the flagged ones it left out. */
export function leaveOutFlagged(completed: ResultRow[]): { counted: ResultRow[]; leftOut: LeftOut } {
  const counted: ResultRow[] = [];
  const leftOut: LeftOut = { runs: 0, of: completed.length, byFlag: {} };
  for (const row of completed) {
    const flags = flagsOf(row);
    if (flags.length === 0) {
      counted.push(row);
      continue;
    }
    leftOut.runs++;
    for (const flag of flags) leftOut.byFlag[flag] = (leftOut.byFlag[flag] ?? 0) + 1;
  }
  return { counted, leftOut };
}
