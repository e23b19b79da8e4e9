import os from 'node:os';
import type Docker from 'dockerode';
import { LABEL_MANAGED, LABEL_OWNER_HOST, LABEL_OWNER_PID } from './labels.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes containers the harness made. With `onlyOrphans`, only those whose
 * owning process on this host is gone (left by a crash or a kill -9).
 */
export async function removeManagedContainers(docker: Docker, opts: { onlyOrphans?: boolean } = {}): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } });
  const doomed = list.filter((c) => {
    if (!opts.onlyOrphans) return true;
    const pid = Number(c.Labels[LABEL_OWNER_PID]);
    return c.Labels[LABEL_OWNER_HOST] === os.hostname() && !isAlive(pid);
  });
  await Promise.all(doomed.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return doomed.map((c) => c.Id);
}
