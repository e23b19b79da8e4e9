import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { compareResults } from '../compare/compare.ts';
import { formatJson, formatMarkdown, formatTable } from '../compare/format.ts';
import { DEFAULT_METRICS, metricByName, METRICS, type Metric } from '../compare/metrics.ts';
import { parseThreshold, type Threshold } from '../compare/thresholds.ts';
import { UsageError, type Problem } from '../errors.ts';
import type { ResultRow } from '../types.ts';
import { META_FILE, type SweepMeta } from '../write/meta.ts';
import { RESULTS_FILE } from '../write/results-writer.ts';
import { EXIT_FAILED, EXIT_OK } from './exit-codes.ts';

export interface CompareOptions {
  metrics?: string;
  threshold: string[];
  format: 'table' | 'markdown' | 'json';
  markdownFile?: string;
  jsonFile?: string;
}

const problem = (file: string, message: string, fix: string): Problem => ({ file, line: 0, col: 0, path: '', message, fix });

/** A results folder or a results.csv: its rows, and the gate its matrix set. */
function readSide(target: string): { rows: ResultRow[]; gate: string[] } {
  const dir = fs.existsSync(target) && fs.statSync(target).isDirectory() ? target : path.dirname(target);
  const csv = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, RESULTS_FILE) : target;
  if (!fs.existsSync(csv)) throw new UsageError([problem(target, 'no results.csv here', 'pass a results folder (results/<matrix>-<time>) or a results.csv')]);
  const rows = parse(fs.readFileSync(csv), { columns: true, skip_empty_lines: true, relax_column_count: true }) as ResultRow[];
  const metaFile = path.join(dir, META_FILE);
  const gate = fs.existsSync(metaFile) ? ((JSON.parse(fs.readFileSync(metaFile, 'utf8')) as SweepMeta).matrix.gate ?? []) : [];
  return { rows, gate };
}

/** Compares two sweeps; exits 1 when a significant change breaks a threshold. */
export async function compareCommand(baseline: string, candidate: string, opts: CompareOptions): Promise<number> {
  const base = readSide(baseline);
  const cand = readSide(candidate);
  const problems: Problem[] = [];
  // The candidate's matrix gate, overridden metric by metric by --threshold.
  const thresholds = new Map<string, Threshold>();
  for (const [text, source] of [...cand.gate.map((t) => [t, 'gate: in the matrix'] as const), ...opts.threshold.map((t) => [t, '--threshold'] as const)]) {
    const parsed = parseThreshold(text);
    if (typeof parsed === 'string') problems.push(problem(source, parsed, 'write thresholds as p99:+10%, rps:-5%, cold_start:+5ms'));
    else thresholds.set(parsed.metric.name, parsed);
  }
  const names = opts.metrics ? opts.metrics.split(',').map((s) => s.trim()) : DEFAULT_METRICS;
  const metrics: Metric[] = [];
  for (const name of new Set([...names, ...thresholds.keys()])) {
    const metric = metricByName(name);
    if (metric) metrics.push(metric);
    else problems.push(problem('--metrics', `unknown metric '${name}'`, `use some of ${METRICS.map((m) => m.name).join(', ')}`));
  }
  if (problems.length > 0) throw new UsageError(problems);

  const report = compareResults(base.rows, cand.rows, metrics, [...thresholds.values()]);
  if (report.comparisons.length === 0) {
    throw new UsageError([problem(candidate, 'no cell of the candidate is in the baseline', 'compare two sweeps of the same matrix (cells join on their parameters)')]);
  }
  const render = { table: formatTable, markdown: formatMarkdown, json: formatJson }[opts.format];
  process.stdout.write(`${render(report)}\n`);
  if (opts.markdownFile) fs.appendFileSync(opts.markdownFile, formatMarkdown(report));
  if (opts.jsonFile) fs.writeFileSync(opts.jsonFile, formatJson(report));
  return report.breaches.length > 0 ? EXIT_FAILED : EXIT_OK;
}
