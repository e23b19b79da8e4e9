// What the sweep-driven benchmarks share: running matrices through the built CLI, and writing results/bench/<name>-<time>.{json,md}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../src/paths.ts';
import type { ColdStartRow, ResultRow } from '../../src/types.ts';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';

/** Runs a matrix (YAML text) with `gosweep run` in a temporary folder and returns what it wrote; exits on a failed sweep. */
export async function sweep(text: string, env: Record<string, string> = {}): Promise<{ rows: ResultRow[]; coldStarts: ColdStartRow[] }> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-bench-'));
  try {
    const file = path.join(parent, 'matrix.yaml');
    fs.writeFileSync(file, text);
    const out = path.join(parent, 'results');
    const run = await execa(process.execPath, [path.join(packageRoot, 'dist', 'cli.js'), 'run', file, '--out', out], { reject: false, all: true, env });
    if (run.exitCode !== 0) {
      console.error(run.all);
      process.exit(1);
    }
    return { rows: readResultRows(out), coldStarts: readColdStartRows(out) };
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
}

/** Runs each matrix (name → YAML text) and returns its results.csv rows by name. */
export async function sweepRows(matrices: Record<string, string>): Promise<Record<string, ResultRow[]>> {
  const rows: Record<string, ResultRow[]> = {};
  for (const [name, text] of Object.entries(matrices)) rows[name] = (await sweep(text)).rows;
  return rows;
}

/** This machine, as a benchmark's result names it. */
export const benchHost = () => ({ cpus: os.cpus().length, model: os.cpus()[0]?.model });

export const formatUs = (v: number) => `${Math.round(v).toLocaleString('en-US')} µs`;

/** Writes results/bench/<name>-<time>.json and .md, and prints the markdown. */
export function writeBenchResult(name: string, summary: { date: string }, md: string): void {
  const dir = path.join('results', 'bench');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = summary.date.replace(/[-:]/g, '').slice(0, 15);
  fs.writeFileSync(path.join(dir, `${name}-${stamp}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, `${name}-${stamp}.md`), md);
  console.log(md);
  console.log(`written: ${path.join(dir, `${name}-${stamp}.md`)}`);
}
