import type { CsvValue } from '../types.ts';

/** Rows of results.csv by cell id, in the order cells first appear. */
export function groupByCell<R extends { cell_id: string | null }>(rows: R[]): Map<string, R[]> {
  const cells = new Map<string, R[]>();
  for (const row of rows) {
    const id = row.cell_id ?? '';
    const list = cells.get(id);
    if (list) list.push(row);
    else cells.set(id, [row]);
  }
  return cells;
}

/** The numbers of a column, by name (a claim's or a gate's); empty cells (a metric the run lacks) are left out. */
export function numbersOf(rows: object[], column: string): number[] {
  return rows.map((r) => (r as Record<string, CsvValue | undefined>)[column]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** A value rounded to this many decimals, without float noise (104.2545, not 104.25450000000001); null stays null. */
export function roundTo(value: number | null | undefined, decimals: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
