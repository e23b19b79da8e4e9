import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Axis, ColdStartRow, CsvValue, ResultRow, RunOutcome } from '../types.ts';
import { failpoint } from '../failpoints.ts';
import { appendDurably } from './durable-file.ts';
import { coldStartColumns, resultColumns, toColdStartRows, toResultRow } from './columns.ts';
import { fileDoc } from './file-docs.ts';
import { typedRows } from './typed-rows.ts';

export const RESULTS_FILE = 'results.csv';
export const COLD_STARTS_FILE = 'cold-starts.csv';
export const HISTOGRAMS_FILE = 'histograms.jsonl';

function appendCsv(file: string, columns: string[], rows: Array<Record<string, CsvValue>>): void {
  if (rows.length === 0) return;
  const header = !fs.existsSync(file) || fs.statSync(file).size === 0;
  appendDurably(file, stringify(rows, { header, columns, cast: { boolean: (b) => (b ? 'true' : 'false') } }));
}

/** Writes each run's rows to the results folder as soon as the run ends. */
export class ResultsWriter {
  readonly dir: string;
  readonly sweepId: string;
  readonly #axes: Axis[];
  readonly #columns: string[];

  constructor(dir: string, sweepId: string, axes: Axis[]) {
    this.dir = dir;
    this.sweepId = sweepId;
    this.#axes = axes;
    this.#columns = resultColumns(axes);
    fs.mkdirSync(dir, { recursive: true });
  }

  /** results.csv last: its row marks the run done, and recoverFolder drops the other files' lines of a run without one. */
  append(outcome: RunOutcome): ResultRow {
    const row = toResultRow(outcome, this.sweepId, this.#axes);
    appendCsv(path.join(this.dir, COLD_STARTS_FILE), coldStartColumns(this.#axes), toColdStartRows(outcome, this.sweepId, this.#axes));
    if (outcome.state === 'completed') {
      const line = { run_id: outcome.run.runId, unit: 'us', hdr: outcome.load.histogram };
      appendDurably(path.join(this.dir, HISTOGRAMS_FILE), `${JSON.stringify(line)}\n`);
    }
    failpoint('row-write');
    appendCsv(path.join(this.dir, RESULTS_FILE), this.#columns, [row]);
    return row;
  }
}

function readCsv(file: string): Array<Record<string, string>> {
  if (!fs.existsSync(file)) return [];
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Array<Record<string, string>>;
}

/** A results.csv at any path (compare takes one by name), typed as readResultRows types it. */
export function readResultsCsv(file: string): ResultRow[] {
  return typedRows(readCsv(file), fileDoc(RESULTS_FILE)) as ResultRow[];
}

/** results.csv's rows, each value of its column's kind (null where empty): for --resume and for reading results back. */
export function readResultRows(dir: string): ResultRow[] {
  return readResultsCsv(path.join(dir, RESULTS_FILE));
}

/** cold-starts.csv's rows, typed as results.csv's are. */
export function readColdStartRows(dir: string): ColdStartRow[] {
  return typedRows(readCsv(path.join(dir, COLD_STARTS_FILE)), fileDoc(COLD_STARTS_FILE)) as ColdStartRow[];
}

/** Where results.csv's header differs from what this gosweep writes for these axes (a folder from another version): the columns that differ; null when it matches or there is none. */
export function headerMismatch(dir: string, axes: Axis[]): string | null {
  const file = path.join(dir, RESULTS_FILE);
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return null;
  const [header = ''] = fs.readFileSync(file, 'utf8').split('\n', 1);
  const theirs = header.trim().split(',');
  const ours = resultColumns(axes);
  if (theirs.join(',') === ours.join(',')) return null;
  const missing = ours.filter((c) => !theirs.includes(c));
  const extra = theirs.filter((c) => !ours.includes(c));
  return [missing.length ? `missing ${missing.join(', ')}` : '', extra.length ? `not written any more: ${extra.join(', ')}` : '', !missing.length && !extra.length ? 'the same columns in another order' : ''].filter(Boolean).join('; ');
}
