// What the sweep-driven benchmarks share: running matrices through the built CLI, and writing results/bench/<name>-<time>.{json,md}.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../src/paths.ts';
import type { ResultRow } from '../../src/types.ts';
import { readResultRows } from '../../src/write/results-writer.ts';

/** Runs each matrix (name → YAML text) with `gosweep run` in a temporary folder and returns its results.csv rows by name; exits on a failed sweep. */
export async function sweepRows(matrices: Record<string, string>): Promise<Record<string, ResultRow[]>> {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-bench-'));
  const rows: Record<string, ResultRow[]> = {};
  try {
    for (const [name, text] of Object.entries(matrices)) {
      const file = path.join(parent, `${name}.yaml`);
      fs.writeFileSync(file, text);
      const out = path.join(parent, name);
      const run = await execa(process.execPath, [path.join(packageRoot, 'dist', 'cli.js'), 'run', file, '--results-dir', out], { reject: false, all: true });
      if (run.exitCode !== 0) {
        console.error(run.all);
        process.exit(1);
      }
      rows[name] = readResultRows(path.join(out, fs.readdirSync(out)[0] as string));
    }
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
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
