import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { UsageError, type Problem } from '../errors.ts';
import type { Axis, Matrix, ParamValue, Workload } from '../types.ts';
import { checkMatrix, type Finding, type HostLimits } from './check.ts';

export type { HostLimits } from './check.ts';
import { fixFor } from './fixes.ts';
import { formatPath, locate } from './locate.ts';
import { matrixSchema, workloadSchema, type MatrixInput } from './schema.ts';
import { resolveWorkload } from './workloads.ts';


/**
 * Reads and validates a matrix file. Throws UsageError listing every problem
 * with file:line:col and its fix; nothing is started before this returns.
 */
export function loadMatrix(file: string, host: HostLimits = {}): Matrix {
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
  const problems: Problem[] = doc.errors.map((e) => ({
    file: shown,
    line: e.linePos?.[0].line ?? 0,
    col: e.linePos?.[0].col ?? 0,
    path: '',
    message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    fix: 'fix the YAML syntax at this position',
  }));
  if (problems.length > 0) throw new UsageError(problems);

  const at = (f: Finding): Problem => ({
    file: shown,
    ...locate(doc, lines, f.path, f.key),
    path: formatPath(f.path),
    message: f.message,
    fix: f.fix,
  });

  const raw: unknown = doc.toJS();
  const parsed = matrixSchema.safeParse(raw);
  const findings: Finding[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        return { path: issue.path, key: keys[0], message: issue.message, fix: fixFor(issue.path, issue.code, keys) };
      });
  // Workloads are resolved even when other parts fail, so every problem shows at once.
  const matrixDir = path.dirname(path.resolve(file));
  const workloads: Workload[] = [];
  const entries = (raw as { workloads?: unknown } | null)?.workloads;
  (Array.isArray(entries) ? entries : []).forEach((entry, i) => {
    const spec = workloadSchema.safeParse(entry);
    if (!spec.success) return;
    const resolved = resolveWorkload(spec.data, matrixDir);
    if ('workload' in resolved) workloads.push(resolved.workload);
    else findings.push({ path: ['workloads', i], ...resolved });
  });
  if (parsed.success) findings.push(...checkMatrix(parsed.data, workloads, host));
  if (findings.length > 0 || !parsed.success) {
    throw new UsageError(findings.map(at).sort((a, b) => a.line - b.line || a.col - b.col));
  }
  const input = parsed.data;

  return {
    name: input.name,
    description: input.description,
    claims: input.claims,
    gate: input.gate,
    file: path.resolve(file),
    hash: createHash('sha256').update(text).digest('hex'),
    workloads,
    axes: axesOf(input, workloads),
    include: input.include,
    exclude: input.exclude,
    run: input.run,
  };
}

/** The matrix's axes in a fixed order: workload, target, cpus, memory, concurrency, rps, env.* and build.* as written. */
export function axesOf(input: MatrixInput, workloads: Workload[]): Axis[] {
  const axes: Axis[] = [{ name: 'workload', values: workloads.map((w) => w.name) }];
  const { target, cpus, memory, concurrency, rps, env, build } = input.axes;
  if (target) axes.push({ name: 'target', values: target });
  if (cpus) axes.push({ name: 'cpus', values: cpus });
  if (memory) axes.push({ name: 'memory', values: memory.map(normalizeMemory) });
  axes.push({ name: 'concurrency', values: concurrency ?? [8] });
  if (rps) axes.push({ name: 'rps', values: rps });
  for (const [name, values] of Object.entries(env ?? {})) {
    axes.push({ name: `env.${name}`, values: values.map(normalizeEnvValue) });
  }
  for (const [name, values] of Object.entries(build ?? {})) if (values) axes.push({ name: `build.${name}`, values });
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

