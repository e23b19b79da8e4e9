import path from 'node:path';
import { workloadsDir } from '../paths.ts';
import { buildBinary, hostGoarch } from './go-build.ts';

/**
 * gosweep's own Go programs, each a module of its own under
 * go-workloads/tools so its dependencies never touch the workloads' go.mod:
 * the load generator, cloudrun-local's front proxy, and lambda-local's init
 * process.
 */
export type Tool = 'loadgen' | 'proxy' | 'lambda-init';

/** Builds (or finds cached) a tool for this machine; returns its path. */
export async function buildTool(tool: Tool): Promise<string> {
  const binary = await buildBinary({ name: tool, moduleDir: path.join(workloadsDir, 'tools', tool), pkg: '.' }, hostGoarch());
  return binary.path;
}
