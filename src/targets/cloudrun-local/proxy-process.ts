import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { track, untrack } from '../live.ts';

/** A line the proxy writes (go-workloads/tools/proxy): an event, or stats. */
export type ProxyEvent =
  | { event: 'listening'; addr: string }
  | { event: 'busy'; id: string; inFlight: number }
  | { event: 'idle'; id: string }
  | { event: 'resume'; id: string; seq: number }
  | { event: 'queued'; depth: number }
  | { event: 'pressure'; inFlight: number }
  | { event: 'drained'; id: string }
  | { event: 'stats'; inFlight: number; queueDepth: number; inFlightMean: number; served: number; throttled: number; errors: number; queueWaitUs: { p50: number; p99: number; max: number; count: number } };

export type ProxyStats = Extract<ProxyEvent, { event: 'stats' }>;

/**
 * cloudrun-local's data path: the Go proxy, per-instance concurrency, a FIFO
 * queue with a timeout (429), least-loaded selection. Driven by JSON lines on
 * its stdin; it reports on stdout.
 */
export class ProxyProcess {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly statsWaiters: Array<(s: ProxyStats) => void> = [];

  private constructor(child: ChildProcess, url: string) {
    this.#child = child;
    this.url = url;
  }

  static async start(binary: string, opts: { concurrency: number; queueTimeoutMs: number; resumeHook: boolean; targetUtilization: number }, onEvent: (e: ProxyEvent) => void): Promise<ProxyProcess> {
    const args = ['-listen', '127.0.0.1:0', '-concurrency', String(opts.concurrency), '-queue-timeout', `${opts.queueTimeoutMs}ms`, '-target-utilization', String(opts.targetUtilization), ...(opts.resumeHook ? ['-resume-hook'] : [])];
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const id = `proxy:${child.pid}`;
    track(id, async () => {
      child.kill('SIGKILL');
      untrack(id);
    });
    let proxy: ProxyProcess | null = null;
    const listening = new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the cloudrun-local proxy exited with ${code} before listening`)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        let event: ProxyEvent;
        try {
          event = JSON.parse(line) as ProxyEvent;
        } catch {
          return;
        }
        if (event.event === 'listening') return resolve(`http://${event.addr}`);
        if (event.event === 'stats') for (const waiter of proxy?.statsWaiters.splice(0) ?? []) waiter(event);
        onEvent(event);
      });
    });
    proxy = new ProxyProcess(child, await listening);
    return proxy;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  send(command: Record<string, unknown>): void {
    this.#child.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  /** Its counters since the last call. */
  stats(): Promise<ProxyStats> {
    const next = new Promise<ProxyStats>((resolve) => this.statsWaiters.push(resolve));
    this.send({ cmd: 'stats' });
    return next;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin?.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    untrack(`proxy:${this.#child.pid}`);
  }
}
