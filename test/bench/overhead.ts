// npm run bench:overhead — how much longer a sweep takes than what it measures.
// Runs a small gomaxprocs-like sweep through the CLI and compares its wall time
// with the sum of its cold starts, warm-ups and windows; writes the per-run
// breakdown to results/bench/overhead-<time>.{json,md}. Target: within 1.1x.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { median } from 'simple-statistics';
import { packageRoot } from '../../src/paths.ts';
import type { NumericResultColumn } from '../../src/types.ts';
import { readResultRows } from '../../src/write/results-writer.ts';

const { values: args } = parseArgs({ options: { matrix: { type: 'string', default: path.join(packageRoot, 'test', 'bench', 'overhead.yaml') } } });
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-bench-overhead-'));
const startedAt = performance.now();
const run = await execa(process.execPath, [path.join(packageRoot, 'dist', 'cli.js'), 'run', args.matrix, '--results-dir', parent], { reject: false, all: true });
const sweepMs = performance.now() - startedAt;
if (run.exitCode !== 0) {
  console.error(run.all);
  process.exit(1);
}
const rows = readResultRows(path.join(parent, fs.readdirSync(parent)[0] as string));
const sum = (column: NumericResultColumn) => rows.reduce((s, r) => s + (r[column] ?? 0), 0);
const measuredMs = rows.reduce((s, r) => s + (r.run_wall_ms ?? 0) - (r.overhead_ms ?? 0), 0);
const perRun: NumericResultColumn[] = ['overhead_ms', 'cold_start_overhead_ms', 'loadgen_overhead_ms', 'collect_ms', 'teardown_ms'];
const summary = {
  date: new Date().toISOString(),
  matrix: path.relative(packageRoot, args.matrix),
  runs: rows.length,
  sweepMs,
  measuredMs,
  ratio: sweepMs / measuredMs,
  betweenRunsMs: sweepMs - sum('run_wall_ms'),
  medianPerRunMs: Object.fromEntries(perRun.map((c) => [c, median(rows.map((r) => r[c] ?? 0))])),
};
fs.rmSync(parent, { recursive: true, force: true });
const dir = path.join('results', 'bench');
fs.mkdirSync(dir, { recursive: true });
const stamp = summary.date.replace(/[-:]/g, '').slice(0, 15);
fs.writeFileSync(path.join(dir, `overhead-${stamp}.json`), `${JSON.stringify(summary, null, 2)}\n`);
const ms = (v: number) => `${Math.round(v).toLocaleString('en-US')} ms`;
const md = [
  `# sweep overhead: ${summary.matrix}, ${summary.runs} runs`,
  '',
  `sweep wall ${ms(sweepMs)} for ${ms(measuredMs)} of cold starts, warm-ups and windows: **${summary.ratio.toFixed(3)}x** (target: at most 1.1x)`,
  `outside the runs (start-up, build check, summary): ${ms(summary.betweenRunsMs)}`,
  '',
  '| per run, median | ms |',
  '|---|---|',
  ...Object.entries(summary.medianPerRunMs).map(([k, v]) => `| ${k} | ${v.toFixed(1)} |`),
  '',
].join('\n');
fs.writeFileSync(path.join(dir, `overhead-${stamp}.md`), md);
console.log(md);
console.log(`written: ${path.join(dir, `overhead-${stamp}.md`)}`);
