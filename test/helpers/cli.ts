import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import Docker from 'dockerode';
import { packageRoot } from '../../src/paths.ts';

export const cliPath = path.join(packageRoot, 'dist', 'cli.js');
export const fixture = (...parts: string[]) => path.join(packageRoot, 'test', 'fixtures', ...parts);

/** Runs the built CLI as a user would; never throws on a non-zero exit. */
export function gosweep(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): ResultPromise<{ reject: false; all: true }> {
  return execa(process.execPath, [cliPath, ...args], { reject: false, all: true, env: { NO_COLOR: '1', ...opts.env }, cwd: opts.cwd ?? packageRoot });
}

/** Containers gosweep made that still exist. */
export async function managedContainers(): Promise<string[]> {
  const list = await new Docker().listContainers({ all: true, filters: { label: ['gosweep.managed=true'] } });
  return list.map((c) => c.Id);
}
