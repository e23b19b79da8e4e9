import fs from 'node:fs';
import path from 'node:path';
import { toBenchmarkText, toJson, toMarkdown } from '../report/export.ts';
import { summarizeCells } from '../summarize/cells.ts';
import { UsageError } from '../errors.ts';
import { META_FILE, readMeta } from '../write/meta.ts';
import { readResultRows, RESULTS_FILE } from '../write/results-writer.ts';
import { EXIT_OK } from './exit-codes.ts';

export type ExportFormat = 'benchstat' | 'json' | 'markdown';

/** Writes a results folder in another format: Go benchmark text (for benchstat), JSON or markdown. */
export async function exportCommand(dir: string, opts: { format: ExportFormat; out?: string }): Promise<number> {
  if (!fs.existsSync(path.join(dir, RESULTS_FILE))) {
    throw new UsageError([{ file: dir, line: 0, col: 0, path: '', message: 'no results.csv in this folder', fix: 'pass a results folder, e.g. results/quickstart-20261122-101500' }]);
  }
  const rows = readResultRows(dir);
  const meta = fs.existsSync(path.join(dir, META_FILE)) ? readMeta(dir) : null;
  const text =
    opts.format === 'benchstat' ? toBenchmarkText(rows, meta) : opts.format === 'json' ? toJson(rows, summarizeCells(rows), meta) : toMarkdown(summarizeCells(rows), meta);
  if (opts.out) fs.writeFileSync(opts.out, text);
  else process.stdout.write(text);
  return EXIT_OK;
}
