import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

/** The package root: one level above this file in both src/ and dist/. */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The bundled Go workloads module. */
export const workloadsDir = path.join(packageRoot, 'go-workloads');

/** Build cache for binaries, keyed by content hash. */
export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'gosweep');
}
