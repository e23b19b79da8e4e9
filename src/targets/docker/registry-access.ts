import { sendHere } from '../../drive/here.ts';
import { waitUntilReady, type ReadyResult } from '../../drive/ready.ts';
import { freePort } from '../free-port.ts';

/** The longest registry answer read: a manifest is a few KiB. */
const MAX_BYTES = 1 << 20;

/** How the harness reaches the sweep's registry on the engine's host: this machine's loopback, or a remote engine's through its driver. */
export interface RegistryAccess {
  pickPort(): Promise<number>;
  /** Polls the registry until it answers, it exits, 10 s pass, or the signal fires. */
  waitReady(url: string, exited: Promise<number>, signal: AbortSignal): Promise<ReadyResult['state']>;
  get(url: string, headers: Record<string, string>): Promise<{ status: number; body: Buffer | null } | null>;
}

/** The registry on this machine's loopback. */
export const REGISTRY_HERE: RegistryAccess = {
  pickPort: freePort,
  async waitReady(url, exited, signal) {
    return (await waitUntilReady(url, { timeoutMs: 10_000, exited, signal })).state;
  },
  async get(url, headers) {
    const sent = await sendHere(url, { method: 'GET', headers, body: null }, { timeoutMs: 10_000, maxBytes: MAX_BYTES, fresh: false });
    return sent && { status: sent.status, body: sent.body };
  },
};
