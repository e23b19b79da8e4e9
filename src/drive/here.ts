import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { Client, request, type Dispatcher } from 'undici';
import { readHostCpu } from '../collect/host-cpu.ts';
import type { Ask, LoadgenProcess, Sender, SentRequest, Vantage } from '../types.ts';

/** Reads a body up to `maxBytes`; null (and the rest left unread) when it is longer. */
async function readCapped(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += (chunk as Buffer).length;
    if (bytes > maxBytes) {
      body.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** One request from this machine, on a fresh connection or undici's pool. */
export async function sendHere(url: string, ask: Ask, opts: Parameters<Vantage['send']>[2]): Promise<SentRequest | null> {
  const target = new URL(url);
  const client = opts.fresh ? new Client(target.origin, { pipelining: 0 }) : null;
  const options = {
    method: ask.method as 'GET',
    headers: ask.headers,
    ...(ask.body !== null && { body: ask.body }),
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    signal: opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs),
  };
  try {
    const sentWallMs = Date.now();
    const sentAt = performance.now();
    const res = client ? await client.request({ ...options, path: target.pathname + target.search }) : await request(target, options);
    const body = opts.maxBytes > 0 ? await readCapped(res.body, opts.maxBytes) : (await res.body.dump(), null);
    const ms = performance.now() - sentAt;
    const headers = Object.fromEntries((opts.showHeaders ?? []).flatMap((name) => {
      const value = res.headers[name.toLowerCase()];
      return value === undefined ? [] : [[name.toLowerCase(), String(value)]];
    }));
    return { status: res.statusCode, ms, sentWallMs, headers, body };
  } catch {
    return null;
  } finally {
    await client?.close().catch(() => undefined);
  }
}

/** Single requests from this machine. */
export const HERE: Sender = { send: sendHere };

/** Requests and load from this machine: the load generator as a child process, pinned with taskset. */
export class HereVantage implements Vantage {
  readonly where = 'this machine';
  readonly hostCpus = os.cpus().length;
  readonly #loadgen: string;

  /** `loadgen`: path of the built load generator (build/tools.ts). */
  constructor(loadgen: string) {
    this.#loadgen = loadgen;
  }

  send = sendHere;

  async hostCpu() {
    return readHostCpu();
  }

  async startLoadgen(args: string[], opts: Parameters<Vantage['startLoadgen']>[1]): Promise<LoadgenProcess> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-load-'));
    for (const [name, text] of Object.entries(opts.files)) fs.writeFileSync(path.join(dir, name), text);
    const [file, argv] = opts.cpuset ? ['taskset', ['-c', opts.cpuset, this.#loadgen, ...args]] : [this.#loadgen, args];
    const child = execa(file, argv, { cwd: dir, cancelSignal: opts.signal, timeout: opts.timeoutMs, reject: false, lines: true });
    const ended = child.then((done) => ({
      canceled: done.isCanceled,
      failure: done.exitCode === 0 ? null : done.stderr.join('\n') || done.message || null,
    }));
    void ended.finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    return { lines: child, ended };
  }
}
