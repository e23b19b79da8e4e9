import type Docker from 'dockerode';

/**
 * The containers this process has created and not yet removed. Removal on
 * Ctrl-C or a crash goes through here, so nothing is left behind.
 */
const live = new Map<string, Docker.Container>();

export function track(container: Docker.Container): void {
  live.set(container.id, container);
}

/** Force-removes a container. One that could not be removed stays tracked, so removeAll tries again. */
export async function remove(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  live.delete(container.id);
}

/** Force-removes every container still tracked; returns how many there were. */
export async function removeAll(): Promise<number> {
  const all = [...live.values()];
  await Promise.allSettled(all.map(remove));
  return all.length;
}

export function liveCount(): number {
  return live.size;
}
