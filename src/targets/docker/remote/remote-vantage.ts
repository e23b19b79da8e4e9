import type { Ask, HostCpuReading, LoadgenProcess, SentRequest, Vantage } from '../../../types.ts';
import type { Driver } from './driver.ts';

/** The probe's flags for a request. */
export function askArgs(ask: Ask): string[] {
  return [...(ask.method !== 'GET' ? ['-method', ask.method] : []), ...Object.entries(ask.headers).flatMap(([n, v]) => ['-header', `${n}: ${v}`]), ...(ask.body !== null ? ['-body', ask.body] : [])];
}

interface ProbeGet {
  status?: number;
  ms?: number;
  sentWallNs?: number;
  headers?: Record<string, string>;
  body?: string | null;
  error?: string;
}

/**
 * Requests and load from the driver container on a remote engine's host:
 * each request is one `probe get` of its session, timed there; the load
 * generator runs there too, pinned by the driver's cpuset.
 */
export class RemoteVantage implements Vantage {
  readonly where: string;
  readonly hostCpus: number;
  readonly #driver: Driver;

  constructor(driver: Driver, host: { endpoint: string; cpus: number }) {
    this.#driver = driver;
    this.where = `the driver container on ${host.endpoint}`;
    this.hostCpus = host.cpus;
  }

  async send(url: string, ask: Ask, opts: Parameters<Vantage['send']>[2]): Promise<SentRequest | null> {
    // Every probe request is on a fresh connection; on loopback that costs tens of µs.
    const args = ['get', '-url', url, ...askArgs(ask), '-timeout', `${opts.timeoutMs}ms`, '-max-bytes', String(opts.maxBytes), ...(opts.showHeaders ?? []).flatMap((h) => ['-show-header', h])];
    const got = await this.#ask<ProbeGet>(args, opts.timeoutMs + 10_000, opts.signal);
    if (!got || got.status === undefined || got.ms === undefined || got.sentWallNs === undefined) return null;
    return { status: got.status, ms: got.ms, sentWallMs: got.sentWallNs / 1e6, headers: got.headers ?? {}, body: typeof got.body === 'string' ? Buffer.from(got.body, 'base64') : null };
  }

  async startLoadgen(args: string[], opts: Parameters<Vantage['startLoadgen']>[1]): Promise<LoadgenProcess> {
    const workingDir = Object.keys(opts.files).length > 0 ? await this.#driver.putFiles(opts.files) : undefined;
    await this.#driver.pin(opts.cpuset);
    const command = await this.#driver.run(['/loadgen', ...args], { stdin: true, signal: opts.signal, timeoutMs: opts.timeoutMs, ...(workingDir && { workingDir }) });
    const ended = command.ended.then(({ exitCode, stderr }) => ({
      canceled: opts.signal?.aborted ?? false,
      failure: exitCode === 0 ? null : stderr || (exitCode === null ? 'its exec stream ended before it did (its time ran out, or the engine went away)' : `it exited with code ${exitCode}`),
    }));
    return { lines: command.lines, ended };
  }

  /** A probe command's one line; null when it gives none (the request failed there, the driver is gone) or the signal fires. */
  async #ask<T>(args: string[], deadlineMs: number, signal?: AbortSignal): Promise<T | null> {
    if (signal?.aborted) return null;
    const got = await this.#driver.firstLine<T>(args, { deadlineMs, ...(signal && { signal }) }).catch(() => null);
    return got?.first ?? null;
  }

  async hostCpu(): Promise<HostCpuReading | null> {
    const got = await this.#ask<Partial<HostCpuReading>>(['cpu'], 10_000);
    return typeof got?.busy === 'number' && typeof got.total === 'number' ? { busy: got.busy, total: got.total } : null;
  }
}
