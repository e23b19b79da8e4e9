import path from 'node:path';
import { workloadsDir } from '../paths.ts';
import { buildBinary } from './go-build.ts';

const HOST_GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** Builds (or finds cached) the Go load generator for this machine; returns its path. */
export async function buildLoadgen(): Promise<string> {
  const goarch = HOST_GOARCH[process.arch] ?? process.arch;
  // A module of its own, so its dependencies never touch the workloads' go.mod.
  const binary = await buildBinary({ name: 'loadgen', moduleDir: path.join(workloadsDir, 'tools', 'loadgen'), pkg: '.' }, goarch);
  return binary.path;
}
