import path from 'node:path';
import { workloadsDir } from '../paths.ts';
import { buildBinary, hostGoarch } from './go-build.ts';

/** Builds (or finds cached) the Go load generator for this machine; returns its path. */
export async function buildLoadgen(): Promise<string> {
  // A module of its own, so its dependencies never touch the workloads' go.mod.
  const binary = await buildBinary({ name: 'loadgen', moduleDir: path.join(workloadsDir, 'tools', 'loadgen'), pkg: '.' }, hostGoarch());
  return binary.path;
}
