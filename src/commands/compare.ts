import fs from 'node:fs';
import { ALPHA, compareResults, type CompareReport } from '../compare/compare.ts';
import { DEFAULT_GATE } from '../compare/default-gate.ts';
import { FLAG_COLUMNS } from '../compare/flagged.ts';
import { formatJson, formatMarkdown, formatTable } from '../compare/format.ts';
import { explicitRules, gateRules } from '../compare/gate-rules.ts';
import { fewestRunsPerSide } from '../compare/mann-whitney.ts';
import { DEFAULT_METRICS, metricByName, METRICS, type Metric } from '../compare/metrics.ts';
import { UsageError, type Problem } from '../errors.ts';
import type { ResultRow } from '../types.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_UNTESTED, EXIT_USAGE } from './exit-codes.ts';
import { readResults } from './results-arg.ts';

export interface CompareOptions {
  metrics?: string;
  threshold: string[];
  /** False with --no-default-gate. */
  defaultGate: boolean;
  includeFlagged?: boolean;
  format: 'table' | 'markdown' | 'json';
  /** The same as format json. */
  json?: boolean;
  /** Appends the markdown here (--markdown-out; --markdown-file is its old name). */
  markdownOut?: string;
  /** Writes the JSON here (--json-out; --json-file is its old name). */
  jsonOut?: string;
}

/** The gate's verdict as the process's exit code. */
export const GATE_EXIT: Record<CompareReport['gate']['verdict'], number> = { pass: EXIT_OK, none: EXIT_OK, fail: EXIT_FAILED, 'could not test': EXIT_UNTESTED };

/** DEFAULT_GATE, five to a line. */
function defaultsText(): string {
  const rules = Object.entries(DEFAULT_GATE).map(([metric, limit]) => `${metric} ${limit}`);
  const lines: string[] = [];
  for (let i = 0; i < rules.length; i += 5) lines.push(`  ${rules.slice(i, i + 5).join(', ')}`);
  return lines.join(',\n');
}

/** What `gosweep compare --help` adds after the options. */
export const COMPARE_HELP = `
Gate: a metric fails when its change is significant (Mann-Whitney U, p < ${ALPHA})
and beyond its threshold. Below ${fewestRunsPerSide(ALPHA)} runs a side no change can be significant,
and the gate says it could not test.
Thresholds, the later winning metric by metric: the defaults, the candidate
matrix's gate:, --threshold. Defaults (--no-default-gate turns them off):
${defaultsText()}
Runs flagged ${FLAG_COLUMNS.join(', ')} are left out of both sides
unless --include-flagged.

Exit codes:
  ${EXIT_OK}  pass: every gated metric was tested and none regressed (or nothing was gated)
  ${EXIT_FAILED}  a significant regression beyond a threshold
  ${EXIT_USAGE}  the command line, a threshold or a results folder is wrong
  ${EXIT_UNTESTED}  the gate could not test a gated metric (too few runs, only flagged or
     failed runs, not measured on a side) and found no regression
`;

const problem = (file: string, message: string, fix: string): Problem => ({ file, line: 0, col: 0, path: '', message, fix });

/** A results folder or a results.csv: its rows, and the gate its matrix set. */
function readSide(target: string): { rows: ResultRow[]; gate: string[] } {
  const { rows, meta } = readResults(target);
  return { rows, gate: meta?.matrix?.gate ?? [] };
}

/** Compares two sweeps; exits 1 on a significant regression beyond a threshold, 3 when the gate could not test. */
export async function compareCommand(baseline: string, candidate: string, opts: CompareOptions): Promise<number> {
  const base = readSide(baseline);
  const cand = readSide(candidate);
  const problems: Problem[] = [];
  // The candidate's matrix gate, overridden metric by metric by --threshold; defaults fill in the rest.
  const explicit = explicitRules(cand.gate, opts.threshold);
  for (const e of explicit.errors) problems.push(problem(e.source === 'matrix gate' ? 'gate: in the matrix' : e.source, e.message, 'write thresholds as p99:+10%, rps:-5%, cold_start:+5ms'));
  const names = opts.metrics ? opts.metrics.split(',').map((s) => s.trim()) : DEFAULT_METRICS;
  const metrics: Metric[] = [];
  for (const name of new Set([...names, ...explicit.rules.keys()])) {
    const metric = metricByName(name);
    if (!metric) problems.push(problem('--metrics', `unknown metric '${name}'`, `use some of ${METRICS.map((m) => m.name).join(', ')}`));
    else if (!metrics.includes(metric)) metrics.push(metric);
  }
  if (problems.length > 0) throw new UsageError(problems);

  const rules = gateRules(metrics, explicit.rules, opts.defaultGate !== false);
  const report = compareResults(base.rows, cand.rows, metrics, rules, { includeFlagged: opts.includeFlagged ?? false });
  if (report.cells.length === 0) {
    throw new UsageError([problem(candidate, 'no cell of the candidate is in the baseline', 'compare two sweeps of the same matrix (cells join on their parameters)')]);
  }
  const render = { table: formatTable, markdown: formatMarkdown, json: formatJson }[opts.json ? 'json' : opts.format];
  const text = render(report);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  if (opts.markdownOut) fs.appendFileSync(opts.markdownOut, formatMarkdown(report));
  if (opts.jsonOut) fs.writeFileSync(opts.jsonOut, formatJson(report));
  return GATE_EXIT[report.gate.verdict];
}
