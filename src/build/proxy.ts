import path from 'node:path';
import { workloadsDir } from '../paths.ts';
import { buildBinary, hostGoarch } from './go-build.ts';

/** Builds (or finds cached) cloudrun-local's front proxy (go-workloads/tools/proxy) for this machine; returns its path. */
export async function buildProxy(): Promise<string> {
  const binary = await buildBinary({ name: 'proxy', moduleDir: path.join(workloadsDir, 'tools', 'proxy'), pkg: '.' }, hostGoarch());
  return binary.path;
}
