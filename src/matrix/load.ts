import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isScalar, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import { UsageError, type Problem } from '../errors.ts';
import type { Axis, Matrix, ParamValue, Workload } from '../types.ts';
import { checkCells } from './check-cells.ts';
import { resolveClaim } from './check-claims.ts';
import { entryFindings } from './check-entries.ts';
import { axisNamesOf, checkMatrix, type Finding, type HostLimits } from './check.ts';
import { expandCells } from './expand.ts';
import { schemaFindings } from './issues.ts';
import { formatPath, locate } from './locate.ts';
import { salvage } from './salvage.ts';
import { AXIS_GROUPS, matrixSchema, type MatrixInput } from './schema.ts';
import { resolveWorkload, salvageWorkload } from './workloads.ts';

export type { HostLimits } from './check.ts';

/** Each entry of `workloads:` resolved, or why not; `complete` when every entry resolved. */
function resolveWorkloads(raw: unknown, matrixDir: string): { workloads: Workload[]; names: string[]; findings: Finding[]; complete: boolean } {
  const entries = (raw as { workloads?: unknown } | null)?.workloads;
  const workloads: Workload[] = [];
  const names: string[] = [];
  const findings: Finding[] = [];
  (Array.isArray(entries) ? entries : []).forEach((entry, i) => {
    const spec = salvageWorkload(entry);
    if (!spec) return;
    const resolved = resolveWorkload(spec, matrixDir);
    if ('workload' in resolved) workloads.push(resolved.workload);
    else findings.push({ path: ['workloads', i], ...resolved });
    names.push('workload' in resolved ? resolved.workload.name : typeof spec === 'string' ? spec : (spec.name ?? path.basename(spec.path ?? '')));
  });
  return { workloads, names, findings, complete: Array.isArray(entries) && workloads.length === entries.length };
}

/**
 * What yaml parses but cannot convert, and where: an alias before its anchor,
 * aliases expanding past yaml's limit (its guard against a billion laughs),
 * or a merge key (<<, YAML 1.1) of something other than maps.
 */
function conversionProblem(doc: Document, lines: LineCounter, err: unknown): { line: number; col: number; message: string; fix: string } {
  let first: Alias | undefined;
  let unresolved: Alias | undefined;
  let merge: Node | undefined;
  visit(doc, {
    Alias(_, node) {
      first ??= node;
      if (node.resolve(doc)) return undefined;
      unresolved = node;
      return visit.BREAK;
    },
    Pair(_, pair) {
      const key: unknown = isScalar(pair.key) ? pair.key.value : undefined;
      if (key === '<<' || (typeof key === 'symbol' && key.description === '<<')) merge ??= pair.key as Node;
    },
  });
  const at = (node: Node | undefined) => lines.linePos(node?.range?.[0] ?? 0);
  if (unresolved) {
    const name = unresolved.source;
    return { ...at(unresolved), message: `alias *${name} has no anchor &${name} before it`, fix: `set &${name} on a value above this alias, or write the value out` };
  }
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  if (message.startsWith('Excessive alias')) {
    return { ...at(first), message: 'the aliases from here on expand to more values than yaml allows (its guard against resource exhaustion)', fix: 'write the values out, or alias them fewer times' };
  }
  return { ...at(merge ?? first), message, fix: 'merge (<<) a map, an alias of one or a list of them; or write the keys out' };
}

/**
 * Reads and validates a matrix file. Throws UsageError listing every problem
 * with file:line:col and its fix; nothing is started before this returns.
 * Warnings (a name that could be meant) go to `warn`, and the matrix loads.
 */
export function loadMatrix(file: string, host: HostLimits = {}, warn: (warning: Problem) => void = () => {}): Matrix {
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError([
      { file: shown, line: 0, col: 0, path: '', message: 'cannot read the matrix file', fix: 'check the path; the bundled matrices are in matrices/' },
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const syntax: Problem[] = doc.errors.map((e) => ({
    file: shown,
    line: e.linePos?.[0].line ?? 0,
    col: e.linePos?.[0].col ?? 0,
    path: '',
    message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    fix: 'fix the YAML syntax at this position',
  }));
  if (syntax.length > 0) throw new UsageError(syntax);

  const at = (f: Finding): Problem => ({
    file: shown,
    ...(f.atKey ? locate(doc, lines, f.path.slice(0, -1), String(f.path.at(-1))) : locate(doc, lines, f.path, f.key)),
    path: formatPath(f.path),
    message: f.message,
    fix: f.fix,
  });

  // Past a schema error the valid parts are still checked, so every problem shows in one pass.
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    throw new UsageError([{ file: shown, ...conversionProblem(doc, lines, err), path: '' }]);
  }
  const parsed = matrixSchema.safeParse(raw);
  const input = parsed.success ? parsed.data : salvage(raw);
  const { workloads, names, findings: workloadFindings, complete } = resolveWorkloads(raw, path.dirname(path.resolve(file)));
  const findings = [...(parsed.success ? [] : schemaFindings(parsed.error.issues, raw)), ...workloadFindings, ...checkMatrix(input, workloads, host, names)];
  const unlocated: Problem[] = [];
  let matrix: Matrix | null = null;
  if (parsed.success && complete) {
    matrix = toMatrix(parsed.data, workloads, file, text);
    const cells = expandCells(matrix);
    findings.push(...checkCells(matrix, cells));
    for (const p of host.checkCells?.(cells) ?? []) unlocated.push({ file: shown, line: 0, col: 0, path: `cell ${p.cellId}`, message: p.message, fix: p.fix });
  }

  const located = findings.map((f) => ({ problem: at(f), warning: f.severity === 'warning' }));
  const byPlace = (a: Problem, b: Problem) => a.line - b.line || a.col - b.col;
  for (const { problem } of located.filter((l) => l.warning).sort((a, b) => byPlace(a.problem, b.problem))) warn(problem);
  const errors = [...unlocated, ...located.filter((l) => !l.warning).map((l) => l.problem).sort(byPlace)];
  if (errors.length > 0 || !matrix) throw new UsageError(errors);
  return { ...matrix, claims: parsed.data?.claims.map((c) => (typeof c === 'string' ? c : resolveClaim(c))) ?? [] };
}

/** The matrix as the stages take it; include entries naming what the matrix lacks are left out (they are reported). */
function toMatrix(input: MatrixInput, workloads: Workload[], file: string, text: string): Matrix {
  const axisNames = axisNamesOf(input);
  const names = workloads.map((w) => w.name);
  return {
    name: input.name,
    description: input.description,
    claims: [],
    gate: input.gate,
    file: path.resolve(file),
    hash: createHash('sha256').update(text).digest('hex'),
    workloads,
    axes: axesOf(input, workloads),
    include: input.include.filter((entry) => entryFindings(entry, [], axisNames, names).length === 0),
    exclude: input.exclude,
    run: input.run,
  };
}

/** The matrix's axes in a fixed order: workload, target, cpus, memory, concurrency, rps, idleGap, then env.*, build.* and lambda.* as written. */
export function axesOf(input: MatrixInput, workloads: Workload[]): Axis[] {
  const axes: Axis[] = [{ name: 'workload', values: workloads.map((w) => w.name) }];
  const { target, cpus, memory, concurrency, rps, idleGap, env } = input.axes;
  if (target) axes.push({ name: 'target', values: target });
  if (cpus) axes.push({ name: 'cpus', values: cpus });
  if (memory) axes.push({ name: 'memory', values: memory.map(normalizeMemory) });
  axes.push({ name: 'concurrency', values: concurrency ?? [8] });
  if (rps) axes.push({ name: 'rps', values: rps });
  if (idleGap) axes.push({ name: 'idleGap', values: idleGap });
  for (const [name, values] of Object.entries(env ?? {})) {
    axes.push({ name: `env.${name}`, values: values.map(normalizeEnvValue) });
  }
  for (const group of Object.keys(AXIS_GROUPS) as Array<keyof typeof AXIS_GROUPS>) {
    for (const [name, values] of Object.entries(input.axes[group] ?? {})) if (values) axes.push({ name: `${group}.${name}`, values });
  }
  return axes;
}

/** `unset`, `null` and absent all mean the variable is not set. */
export function normalizeEnvValue(value: string | number | null): ParamValue {
  if (value === null || value === 'unset') return null;
  return String(value);
}

function normalizeMemory(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.toLowerCase();
}
