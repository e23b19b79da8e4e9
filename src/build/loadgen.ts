import { workloadsDir } from '../paths.ts';
import { buildBinary } from './go-build.ts';

const HOST_GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** Builds (or finds cached) the Go load generator for this machine; returns its path. */
export async function buildLoadgen(): Promise<string> {
  const goarch = HOST_GOARCH[process.arch] ?? process.arch;
  const binary = await buildBinary({ name: 'loadgen', moduleDir: workloadsDir, pkg: './tools/loadgen' }, goarch);
  return binary.path;
}
