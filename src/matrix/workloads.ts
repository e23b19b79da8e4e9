import fs from 'node:fs';
import path from 'node:path';
import { workloadsDir } from '../paths.ts';
import type { Workload } from '../types.ts';
import type { MatrixInput } from './schema.ts';

export type WorkloadEntry = MatrixInput['workloads'][number];

/** Names of the bundled workloads: the folders of go-workloads/cmd. */
export function bundledWorkloads(): string[] {
  return fs
    .readdirSync(path.join(workloadsDir, 'cmd'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
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

/** Resolves one entry of `workloads:`, or says what is wrong with it and how to fix it. */
export function resolveWorkload(
  entry: WorkloadEntry,
  matrixDir: string,
): { workload: Workload } | { message: string; fix: string } {
  const spec = typeof entry === 'string' ? { name: entry } : entry;
  const common = {
    env: Object.fromEntries(Object.entries('env' in spec ? spec.env : {}).map(([k, v]) => [k, String(v)])),
    healthPath: 'healthPath' in spec ? spec.healthPath : '/health',
    infoPath: 'infoPath' in spec ? spec.infoPath : '/info',
    requestPath: 'requestPath' in spec ? spec.requestPath : '/',
  };
  if ('path' in spec && spec.path !== undefined) {
    const mainDir = path.resolve(matrixDir, spec.path);
    if (!isMainPackage(mainDir)) {
      return {
        message: `${mainDir} is not a Go main package`,
        fix: 'point path at the folder holding your service\'s "package main", relative to the matrix file',
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
      fix: `use one of ${bundled.join(', ')}, or give your own service as {name: ${name || 'svc'}, path: ./path/to/main/package}`,
    };
  }
  return { workload: { name, source: { kind: 'bundled', name }, ...common } };
}
