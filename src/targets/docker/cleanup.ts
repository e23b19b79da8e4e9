import os from 'node:os';
import type Docker from 'dockerode';
import { isOwnerAlive } from '../../owner.ts';
import { freezerOf } from './cgroup-files.ts';
import { LABEL_MANAGED, LABEL_OWNER_HOST, LABEL_OWNER_PID, LABEL_SWEEP } from './labels.ts';

/**
 * Removes containers the harness made. With `onlyOrphans`, only those whose
 * owning process on this host is gone (left by a crash or a kill -9), and
 * those of `sweep`, wherever they were made (an earlier attempt of it).
 */
export async function removeManagedContainers(docker: Docker, opts: { onlyOrphans?: boolean; sweep?: string } = {}): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } });
  const doomed = list.filter((c) => {
    if (!opts.onlyOrphans) return true;
    const here = c.Labels[LABEL_OWNER_HOST] === os.hostname();
    const alive = here && isOwnerAlive(Number(c.Labels[LABEL_OWNER_PID]));
    return (here && !alive) || (opts.sweep !== undefined && c.Labels[LABEL_SWEEP] === opts.sweep && !alive);
  });
  // A process frozen between invokes (lambda-local) cannot be killed until thawed.
  for (const c of doomed) freezerOf(c.Id).thaw();
  await Promise.all(doomed.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return doomed.map((c) => c.Id);
}
