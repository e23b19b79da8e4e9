import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { summarizeCells, type CellSummary } from '../summarize/cells.ts';
import { readResultRows } from './results-writer.ts';

export const SUMMARY_FILE = 'summary.csv';

/** Rewrites summary.csv (one row per cell) from results.csv. */
export function writeSummary(dir: string): CellSummary[] {
  const summaries = summarizeCells(readResultRows(dir));
  if (summaries.length > 0) {
    const columns = Object.keys(summaries[0] as CellSummary);
    fs.writeFileSync(path.join(dir, SUMMARY_FILE), stringify(summaries, { header: true, columns, cast: { boolean: (b) => String(b) } }));
  }
  return summaries;
}
