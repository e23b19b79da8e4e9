import type Docker from 'dockerode';
import { track as trackLive, untrack } from '../live.ts';

const liveId = (container: Docker.Container) => `docker:${container.id}`;

/** Tracks a container this process created until it is removed. */
export function track(container: Docker.Container): void {
  trackLive(liveId(container), () => remove(container));
}

/** Force-removes a container. One that could not be removed stays tracked, so removeAll tries again. */
export async function remove(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  untrack(liveId(container));
}
