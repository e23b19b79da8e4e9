import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.ts';
import { isOwnerAlive } from '../owner.ts';

export const LEASE_FILE = 'lease.json';
/** A lease not renewed for this long is a dead sweep's (killed, or its machine gone). */
export const LEASE_STALE_MS = 60_000;

interface Holder {
  host: string;
  pid: number;
}

/** Who holds the folder now; null when no live sweep does. */
function holderOf(file: string, staleMs: number): Holder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
    if (holder.host === os.hostname()) return holder.pid !== process.pid && isOwnerAlive(holder.pid) ? holder : null;
    return Date.now() - fs.statSync(file).mtimeMs < staleMs ? holder : null;
  } catch {
    return null;
  }
}

/**
 * Makes this process the one sweep writing `dir`, so two attempts of one
 * sweep (a Job's replacement pod beside the one it replaces, a second
 * --resume) never append to it together. A lease of another host is waited
 * for until it goes stale; one of a live process here is refused. Renewed
 * until the returned release is called.
 */
export async function takeLease(dir: string, opts: { staleMs?: number; waitMs?: number } = {}): Promise<() => void> {
  const staleMs = opts.staleMs ?? LEASE_STALE_MS;
  const file = path.join(dir, LEASE_FILE);
  const deadline = Date.now() + (opts.waitMs ?? staleMs + 5000);
  for (let holder = holderOf(file, staleMs); holder; holder = holderOf(file, staleMs)) {
    if (holder.host === os.hostname() || Date.now() > deadline) {
      throw new UsageError([{ file: dir, line: 0, col: 0, path: '', message: `gosweep (pid ${holder.pid} on ${holder.host}) is writing this sweep`, fix: 'let it finish, or stop it first; two attempts of one sweep must not write one folder' }]);
    }
    await sleep(Math.min(1000, staleMs / 4));
  }
  fs.writeFileSync(file, `${JSON.stringify({ host: os.hostname(), pid: process.pid } satisfies Holder)}\n`);
  const renew = setInterval(() => fs.promises.utimes(file, new Date(), new Date()).catch(() => undefined), staleMs / 4);
  renew.unref();
  return () => {
    clearInterval(renew);
    fs.rmSync(file, { force: true });
  };
}
