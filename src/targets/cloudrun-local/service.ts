import type Docker from 'dockerode';
import { cpuStat, type CpuStat } from '../docker/index.ts';
import { ProxyProcess, type ProxyEvent, type ProxyStats } from './proxy-process.ts';
import { readCpuMs } from '../process/proc-stats.ts';
import { RunInstance } from './run-instance.ts';
import type { ServiceConfig } from './service-config.ts';

/** A request waits this long in the proxy's queue for an instance before a 429. */
export const QUEUE_TIMEOUT_MS = 10_000;
/** Cloud Run's documented scaling target: requests in flight at 60% of the instances' maximum concurrency. */
export const TARGET_UTILIZATION = 0.6;

export interface ServiceOptions {
  docker: Docker;
  proxyBinary: string;
  hostCpus: number;
  labels: { sweepId: string; runId: string };
  log: (line: string) => void;
}

/** What the control loop counted since the last mark. */
export interface ServiceCounters {
  started: number;
  maxInstances: number;
  /** Instance-ms alive, for instance-based billing; ms with a request in flight, for request-based. */
  instanceMs: number;
  busyMs: number;
}

/**
 * One Cloud Run service on this machine: the Go proxy in front, instances as
 * containers, and the control loop between them: scale from zero, and out
 * when requests pass 60% of the instances' slots (target) or queue
 * (reactive), keep minInstances, retire idle ones, cap at maxInstances, and
 * take the CPU away between requests in request-based mode.
 */
export class CloudRunService {
  readonly #opts: ServiceOptions;
  #config: ServiceConfig;
  #proxy!: ProxyProcess;
  readonly #instances = new Map<string, RunInstance>();
  /** Instance starts under way; one that ends after a new revision (or close) is removed, never added. */
  readonly #pending = new Set<Promise<void>>();
  #revision = 0;
  #closed = false;
  #counters: ServiceCounters = { started: 0, maxInstances: 0, instanceMs: 0, busyMs: 0 };
  #lastTick = performance.now();
  readonly #ticker: NodeJS.Timeout;
  lastStartError: string | null = null;

  private constructor(opts: ServiceOptions, config: ServiceConfig) {
    this.#opts = opts;
    this.#config = config;
    this.#ticker = setInterval(() => this.#tick(), 100);
    this.#ticker.unref();
  }

  /** Only request-based CPU holds a request until its instance has its CPU back: instance-based ones forward at once. */
  static async start(opts: ServiceOptions, config: ServiceConfig): Promise<CloudRunService> {
    const service = new CloudRunService(opts, config);
    service.#proxy = await ProxyProcess.start(opts.proxyBinary, { concurrency: config.concurrency, queueTimeoutMs: QUEUE_TIMEOUT_MS, resumeHook: config.cpuIdle, targetUtilization: config.scaling === 'target' ? TARGET_UTILIZATION : 0 }, (e) => service.#onEvent(e));
    await service.#startMinInstances();
    return service;
  }

  get url(): string {
    return this.#proxy.url;
  }

  /** CPU time its proxy has used so far, in ms; null when unreadable. */
  proxyCpuMs(): number | null {
    const pid = this.#proxy.pid;
    return pid === undefined ? null : readCpuMs(pid);
  }

  /** The proxy's concurrency and CPU mode are fixed for the service's life: why a revision cannot change them, or null. */
  cannotRevise(config: ServiceConfig): string | null {
    const now = this.#config;
    return config.concurrency !== now.concurrency || config.cpuIdle !== now.cpuIdle || config.scaling !== now.scaling ? 'cloudrun-local cannot change maxInstanceRequestConcurrency, cpuIdle or its scaling of a service; create another service' : null;
  }

  /** A new revision: every instance goes, those still starting too, then minInstances start again. */
  async revise(config: ServiceConfig): Promise<void> {
    this.#config = config;
    this.#revision += 1;
    await Promise.allSettled([...this.#pending]);
    await Promise.all([...this.#instances.values()].map((i) => this.#retire(i)));
    await this.#startMinInstances();
  }

  async #startMinInstances(): Promise<void> {
    await Promise.all(Array.from({ length: this.#config.minInstances }, () => this.#startInstance()));
  }

  /** The proxy's counters (queue wait, 429s) and the control loop's, since the last call. */
  async mark(): Promise<{ proxy: ProxyStats; counters: ServiceCounters; cpu: Map<string, CpuStat> }> {
    this.#tick();
    const counters = this.#counters;
    this.#counters = { started: 0, maxInstances: this.#instances.size, instanceMs: 0, busyMs: 0 };
    const cpu = new Map<string, CpuStat>();
    for (const id of this.#instances.keys()) {
      const stat = cpuStat(id);
      if (stat) cpu.set(id, stat);
    }
    return { proxy: await this.#proxy.stats(), counters, cpu };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#ticker);
    await this.#proxy.stop().catch(() => undefined);
    await Promise.allSettled([...this.#pending]);
    await Promise.all([...this.#instances.values()].map((i) => i.remove()));
    this.#instances.clear();
  }

  #onEvent(e: ProxyEvent): void {
    const instance = 'id' in e ? this.#instances.get(e.id) : undefined;
    switch (e.event) {
      case 'queued':
        // Enough instances for the queue, counting those starting: from zero, one per `concurrency` waiting.
        this.#scaleOut(this.#instances.size + Math.ceil(e.depth / this.#config.concurrency));
        return;
      case 'pressure':
        this.#scaleOut(Math.ceil(e.inFlight / (TARGET_UTILIZATION * this.#config.concurrency)));
        return;
      case 'resume':
        instance?.resume();
        this.#proxy.send({ cmd: 'resumed', id: e.id, seq: e.seq });
        return;
      case 'busy':
        if (instance) instance.idleSinceMs = null;
        return;
      case 'idle':
        if (!instance) return;
        instance.idleSinceMs = performance.now();
        instance.throttle();
        return;
      case 'drained':
        if (instance) void this.#remove(instance);
        return;
      default:
    }
  }

  /** Starts instances up to `wanted` (those alive and starting count), never past maxInstances (requests then wait, or get 429). */
  #scaleOut(wanted: number): void {
    const toStart = Math.min(wanted, this.#config.maxInstances) - (this.#instances.size + this.#pending.size);
    for (let i = 0; i < toStart; i++) void this.#startInstance();
  }

  #startInstance(): Promise<void> {
    const started = this.#launch(this.#revision);
    this.#pending.add(started);
    return started.finally(() => this.#pending.delete(started));
  }

  async #launch(revision: number): Promise<void> {
    try {
      const instance = await RunInstance.start(this.#opts.docker, this.#config, { hostCpus: this.#opts.hostCpus, labels: this.#opts.labels });
      if (revision !== this.#revision || this.#closed) return void (await instance.remove());
      this.#instances.set(instance.id, instance);
      this.#counters.started += 1;
      this.#counters.maxInstances = Math.max(this.#counters.maxInstances, this.#instances.size);
      instance.idleSinceMs = performance.now();
      instance.throttle();
      this.#proxy.send({ cmd: 'add', id: instance.id, url: instance.url });
    } catch (err) {
      this.lastStartError = (err as Error).message;
      this.#opts.log(`cloudrun-local: an instance did not start: ${this.lastStartError}`);
    }
  }

  async #retire(instance: RunInstance): Promise<void> {
    this.#proxy.send({ cmd: 'remove', id: instance.id });
    await this.#remove(instance);
  }

  async #remove(instance: RunInstance): Promise<void> {
    this.#instances.delete(instance.id);
    await instance.remove();
  }

  /** Every 100 ms: instance time for billing, and idle instances past the window drained, down to minInstances. */
  #tick(): void {
    const now = performance.now();
    const elapsed = now - this.#lastTick;
    this.#lastTick = now;
    for (const instance of this.#instances.values()) {
      this.#counters.instanceMs += elapsed;
      if (instance.idleSinceMs === null) this.#counters.busyMs += elapsed;
    }
    const idle = [...this.#instances.values()].filter((i) => !i.draining && i.idleSinceMs !== null && now - i.idleSinceMs > this.#config.idleWindowMs);
    const spare = this.#instances.size - this.#config.minInstances;
    for (const instance of idle.slice(0, Math.max(0, spare))) {
      instance.draining = true;
      this.#proxy.send({ cmd: 'drain', id: instance.id });
    }
  }
}
