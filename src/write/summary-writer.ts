import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { summarizeCells } from '../summarize/cells.ts';
import type { CellSummary, ResultRow } from '../types.ts';
import { columnNames, fileDoc } from './file-docs.ts';
import { readResultRows } from './results-writer.ts';

export const SUMMARY_FILE = 'summary.csv';

/** Rewrites summary.csv (one row per cell, columns as `gosweep columns summary.csv` documents them) from results.csv's rows. */
export function writeSummary(dir: string, rows: ResultRow[] = readResultRows(dir)): CellSummary[] {
  const summaries = summarizeCells(rows);
  const [first] = summaries;
  if (first) {
    const columns = columnNames(fileDoc(SUMMARY_FILE), Object.keys(first).filter((k) => k.startsWith('param_')));
    fs.writeFileSync(path.join(dir, SUMMARY_FILE), stringify(summaries, { header: true, columns, cast: { boolean: (b) => String(b) } }));
  }
  return summaries;
}
