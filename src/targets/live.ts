/**
 * What this process has started on any target and not yet removed: removal
 * on Ctrl-C or a crash goes through here, so nothing is left behind.
 */
const live = new Map<string, () => Promise<void>>();

/** Records how to remove something a target started; `id` is unique across targets (prefix it with the target's name). */
export function track(id: string, remove: () => Promise<void>): void {
  live.set(id, remove);
}

export function untrack(id: string): void {
  live.delete(id);
}

/** Removes everything still tracked; returns how many there were. A removal that fails stays tracked. */
export async function removeAll(): Promise<number> {
  const all = [...live.values()];
  await Promise.allSettled(all.map((remove) => remove()));
  return all.length;
}

export function liveCount(): number {
  return live.size;
}
