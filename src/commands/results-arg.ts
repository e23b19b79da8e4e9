import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import type { ResultRow } from '../types.ts';
import { META_FILE, readMeta, type SweepMeta } from '../write/meta.ts';
import { readResultsCsv, RESULTS_FILE } from '../write/results-writer.ts';

/** A results folder named on the command line, or its results.csv (any CSV file, in fact): the folder and the CSV. */
function resultsArg(arg: string): { dir: string; csv: string } {
  const isDir = fs.existsSync(arg) && fs.statSync(arg).isDirectory();
  const csv = isDir ? path.join(arg, RESULTS_FILE) : arg;
  if (!fs.existsSync(csv) || !fs.statSync(csv).isFile()) {
    throw new UsageError([
      { file: arg, line: 0, col: 0, path: '', message: isDir ? 'no results.csv in this folder' : 'no results folder or results.csv here', fix: 'pass a results folder (e.g. results/quickstart-20261122-101500) or its results.csv' },
    ]);
  }
  return { dir: isDir ? arg : path.dirname(csv), csv };
}

function metaOf(dir: string): SweepMeta | null {
  if (!fs.existsSync(path.join(dir, META_FILE))) return null;
  try {
    return readMeta(dir);
  } catch {
    throw new UsageError([{ file: path.join(dir, META_FILE), line: 0, col: 0, path: '', message: 'not valid JSON', fix: 'restore the meta.json the sweep wrote, or remove it (the claims and the gate of the matrix are then not known)' }]);
  }
}

/**
 * The runs of a results folder or results.csv, each value of its column's kind
 * (null where empty), and the folder's meta.json when it has one: what
 * compare, report and export read.
 */
export function readResults(arg: string): { dir: string; csv: string; rows: ResultRow[]; meta: SweepMeta | null } {
  const { dir, csv } = resultsArg(arg);
  return { dir, csv, rows: readResultsCsv(csv), meta: metaOf(dir) };
}
