import fs from 'node:fs';
import type { z } from 'zod';
import path from 'node:path';
import { workloadsDir } from '../paths.ts';
import type { Workload } from '../types.ts';
import { SOURCE_FIELDS, WORKLOAD_FIELDS, workloadSchema, type MatrixInput } from './schema.ts';
import { didYouMean } from './suggest.ts';

export type WorkloadEntry = MatrixInput['workloads'][number];

/** Names of the bundled workloads: the folders of go-workloads/cmd. */
export function bundledWorkloads(): string[] {
  return fs
    .readdirSync(path.join(workloadsDir, 'cmd'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const envKeysRead = new Map<string, string[]>();

/** Env variables a bundled workload reads (Getenv, LookupEnv, serve.EnvInt…), from its sources and the shared internal packages. */
export function bundledEnvKeys(name: string): string[] {
  const cached = envKeysRead.get(name);
  if (cached) return cached;
  const dirs = [path.join(workloadsDir, 'cmd', name), path.join(workloadsDir, 'internal')];
  const files = dirs.flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)) : []));
  const keys = new Set<string>();
  for (const file of files.filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/[Ee]nv\w*\(\s*"([A-Z_][A-Z0-9_]*)"/g)) keys.add(match[1] as string);
  }
  envKeysRead.set(name, [...keys].sort());
  return envKeysRead.get(name) ?? [];
}

/** The folder holding the go.mod that governs `dir`, or null. */
export function findModuleRoot(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'go.mod'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

function isMainPackage(dir: string): boolean {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return false;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
    .some((f) => /^package\s+main\b/m.test(fs.readFileSync(path.join(dir, f), 'utf8')));
}

type WorkloadSpec = Exclude<WorkloadEntry, string>;

/** The load a workload sends: its weighted mix, or the one request its requestPath, method, headers and body describe. */
function requestsOf(spec: Partial<WorkloadSpec>): Workload['requests'] {
  const shared = spec.headers ?? {};
  const one = (r: { path: string; method?: string; headers?: Record<string, string>; body?: string; weight?: number }) => ({
    method: r.method ?? 'GET',
    path: r.path,
    headers: { ...shared, ...r.headers },
    body: r.body ?? null,
    weight: r.weight ?? 1,
  });
  const [first, ...rest] = spec.requests ?? [];
  if (first) return [one(first), ...rest.map(one)];
  return [one({ path: spec.requestPath ?? '/', method: spec.method, body: spec.body })];
}

/** A slug from an image reference or a folder: registry.local/team/orders:dev → orders. */
const slugOf = (text: string) => text.replace(/[:@].*$/, '').split('/').pop()?.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'service';

/** Resolves one entry of `workloads:`, or says what is wrong with it and how to fix it. */
export function resolveWorkload(
  entry: WorkloadEntry,
  matrixDir: string,
): { workload: Workload } | { message: string; fix: string } {
  const spec: Partial<WorkloadSpec> = typeof entry === 'string' ? { name: entry } : entry;
  const common = {
    env: Object.fromEntries(Object.entries(spec.env ?? {}).map(([k, v]) => [k, String(v)])),
    listen: { portEnv: spec.portEnv ?? 'PORT', args: spec.args ?? [], fixedPort: spec.port ?? null },
    healthPath: spec.healthPath === undefined ? '/health' : spec.healthPath,
    infoPath: spec.infoPath === undefined ? '/info' : spec.infoPath,
    requests: requestsOf(spec),
  };
  if (spec.image !== undefined) {
    return { workload: { name: spec.name ?? slugOf(spec.image), source: { kind: 'image', ref: spec.image }, ...common } };
  }
  if (spec.dockerfile !== undefined) {
    const file = path.resolve(matrixDir, spec.dockerfile);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return { message: `no Dockerfile at ${file}`, fix: 'point dockerfile at your service\'s Dockerfile, relative to the matrix file; its folder is the build context' };
    }
    const context = path.dirname(file);
    return { workload: { name: spec.name ?? slugOf(path.basename(context)), source: { kind: 'dockerfile', file, context }, ...common } };
  }
  if (spec.path !== undefined) {
    const mainDir = path.resolve(matrixDir, spec.path);
    if (!isMainPackage(mainDir)) {
      return {
        message: `${mainDir} is not a Go main package`,
        fix: 'point path at the folder holding your service\'s "package main", relative to the matrix file (or give image: or dockerfile:)',
      };
    }
    if (!findModuleRoot(mainDir)) {
      return { message: `no go.mod above ${mainDir}`, fix: 'run "go mod init" in your service\'s module root' };
    }
    return { workload: { name: spec.name ?? path.basename(mainDir), source: { kind: 'path', mainDir }, ...common } };
  }
  const name = spec.name ?? '';
  const bundled = bundledWorkloads();
  if (!bundled.includes(name)) {
    return {
      message: `no bundled workload named '${name}'`,
      fix: `${didYouMean(name, bundled)}use one of ${bundled.join(', ')}, or give your own service as {name: ${name || 'svc'}, path: ./path/to/main/package}, or with image: or dockerfile:`,
    };
  }
  return { workload: { name, source: { kind: 'bundled', name }, ...common } };
}

/**
 * The valid fields of a workload entry the schema refused, the others at
 * their default, so a bad healthPath does not hide a missing path; null when
 * it has no valid name and no source.
 */
export function salvageWorkload(entry: unknown): WorkloadEntry | null {
  const whole = workloadSchema.safeParse(entry);
  if (whole.success) return whole.data;
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return null;
  const given = entry as Record<string, unknown>;
  const field = <T>(schema: z.ZodType<T>, value: unknown): T => {
    const parsed = schema.safeParse(value);
    return parsed.success ? parsed.data : schema.parse(undefined);
  };
  const spec = Object.fromEntries(Object.entries(WORKLOAD_FIELDS).map(([key, schema]) => [key, field(schema as z.ZodType<unknown>, given[key])])) as WorkloadSpec;
  const sources = SOURCE_FIELDS.filter((f) => spec[f] !== undefined);
  // Two sources: keep the first, so the rest of the entry is still checked.
  for (const extra of sources.slice(1)) delete spec[extra];
  return spec.name === undefined && sources.length === 0 ? null : spec;
}
