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

/**
 * What one target made on its platform (functions, services), by name: each
 * is tracked for Ctrl-C and a crash from when it is added, and removed once.
 */
export class Made {
  readonly #kind: string;
  readonly #removals = new Map<string, () => Promise<void>>();

  /** `kind` prefixes the tracking ids: lambda, cloudrun. */
  constructor(kind: string) {
    this.#kind = kind;
  }

  /** Records how to remove `name`; a name already there keeps its first removal. */
  add(name: string, remove: () => Promise<void>): void {
    if (this.#removals.has(name)) return;
    const id = `${this.#kind}:${name}`;
    const once = async () => {
      await remove();
      this.#removals.delete(name);
      untrack(id);
    };
    this.#removals.set(name, once);
    track(id, once);
  }

  /** Removes everything still there; a removal that fails stays, for removeAll at exit. */
  async removeAll(): Promise<void> {
    await Promise.all([...this.#removals.values()].map((remove) => remove()));
  }
}
