import os from 'node:os';
import type { ServicesClient } from '@google-cloud/run';
import { isOwnerAlive } from '../../owner.ts';
import { deleteService, listServices } from './run-api.ts';
import { LABEL_OWNER_HOST, LABEL_OWNER_PID, LABEL_SWEEP, labelValue } from './service-spec.ts';

/** Deletes the services sweeps left: those whose owner process is gone from this host and those of `sweep`, or all of gosweep's with `all`. */
export async function removeLeftServices(client: ServicesClient, parent: string, all: boolean, sweep?: string): Promise<string[]> {
  const removed: string[] = [];
  for (const service of await listServices(client, parent)) {
    if (!service.labels[LABEL_SWEEP]) continue;
    const here = service.labels[LABEL_OWNER_HOST] === labelValue(os.hostname());
    const alive = here && isOwnerAlive(Number(service.labels[LABEL_OWNER_PID]));
    const orphan = !alive && (here || (sweep !== undefined && service.labels[LABEL_SWEEP] === labelValue(sweep)));
    if (!all && !orphan) continue;
    await deleteService(client, service.name);
    removed.push(`service ${service.name}`);
  }
  return removed;
}
