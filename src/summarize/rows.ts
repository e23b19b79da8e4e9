import type { ResultRow } from '../types.ts';

/** Rows of results.csv by cell id, in the order cells first appear. */
export function groupByCell(rows: ResultRow[]): Map<string, ResultRow[]> {
  const cells = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const id = String(row.cell_id);
    const list = cells.get(id);
    if (list) list.push(row);
    else cells.set(id, [row]);
  }
  return cells;
}

/** The finite numbers of a column; empty cells (a metric the run lacks) are left out. */
export function numbersOf(rows: ResultRow[], column: string): number[] {
  return rows
    .map((r) => r[column])
    .filter((v) => v !== '' && v !== null && v !== undefined)
    .map(Number)
    .filter(Number.isFinite);
}

/** A value rounded to this many decimals, without float noise (104.2545, not 104.25450000000001); null stays null. */
export function roundTo(value: number | null | undefined, decimals: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
