import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { reportMarkdown } from '../report/report.ts';
import { summarizeCells } from '../summarize/cells.ts';
import { META_FILE, readMeta } from '../write/meta.ts';
import { readResultRows, RESULTS_FILE } from '../write/results-writer.ts';
import { EXIT_OK } from './exit-codes.ts';

export const REPORT_FILE = 'report.md';

/** Writes report.md into a results folder: claim verdicts and per-cell medians. */
export async function reportCommand(dir: string): Promise<number> {
  if (!fs.existsSync(path.join(dir, RESULTS_FILE))) {
    throw new UsageError([{ file: dir, line: 0, col: 0, path: '', message: 'no results.csv in this folder', fix: 'pass a results folder, e.g. results/gomaxprocs-20261122-101500' }]);
  }
  const rows = readResultRows(dir);
  const meta = fs.existsSync(path.join(dir, META_FILE)) ? readMeta(dir) : null;
  const markdown = reportMarkdown(meta, rows, summarizeCells(rows));
  fs.writeFileSync(path.join(dir, REPORT_FILE), markdown);
  process.stdout.write(`${markdown}\nwritten: ${path.join(dir, REPORT_FILE)}\n`);
  return EXIT_OK;
}
