import fs from 'node:fs';
import { WORKLOAD_PHASES } from '../../collect/cold-start-phases.ts';
import { isOwnerAlive } from '../../owner.ts';
import type { TargetModule } from '../target.ts';
import { ENV_OWNER_PID, ENV_SWEEP, ProcessTarget } from './process-target.ts';
import { readEnviron } from './proc-stats.ts';

/** The bare binary, no container: the Go binary's own start cost, beside a container's. */
export const processTarget: TargetModule = {
  name: 'process',
  phases: [{ name: 'spawn', doc: 'process target: the spawn call' }, ...WORKLOAD_PHASES],
  counts: [],
  supports: { images: false, listen: true, requests: true },
  check: (cells) =>
    cells
      .filter((c) => c.cpus !== null || c.memoryBytes !== null)
      .map((c) => ({
        cellId: c.id,
        message: `${c.label}: the process target runs the bare binary, with no CPU or memory limit to apply`,
        fix: 'exclude cpus and memory for it, e.g. exclude: [{ target: process, cpus: 1 }], or run those cells on docker',
      })),
  open: async (scope) => new ProcessTarget(scope),
  async cleanup({ all }) {
    const removed: string[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid === process.pid) continue;
      const env = readEnviron(pid);
      const owner = Number(env?.get(ENV_OWNER_PID));
      if (!env?.has(ENV_SWEEP) || !owner || (!all && isOwnerAlive(owner))) continue;
      try {
        process.kill(pid, 'SIGKILL');
        removed.push(`process ${pid}`);
      } catch {
        // Gone already.
      }
    }
    return removed;
  },
};
