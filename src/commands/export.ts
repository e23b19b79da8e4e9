import fs from 'node:fs';
import { toBenchmarkText, toJson, toMarkdown } from '../report/export.ts';
import { summarizeCells } from '../summarize/cells.ts';
import { EXIT_OK } from './exit-codes.ts';
import { readResults } from './results-arg.ts';

export type ExportFormat = 'benchstat' | 'json' | 'markdown';

/** Writes a results folder (or its results.csv) in another format: Go benchmark text (for benchstat), JSON or markdown. */
export async function exportCommand(results: string, opts: { format: ExportFormat; out?: string }): Promise<number> {
  const { rows, meta } = readResults(results);
  const text =
    opts.format === 'benchstat' ? toBenchmarkText(rows, meta) : opts.format === 'json' ? toJson(rows, summarizeCells(rows), meta) : toMarkdown(summarizeCells(rows), meta);
  if (opts.out) fs.writeFileSync(opts.out, text);
  else process.stdout.write(text);
  return EXIT_OK;
}
