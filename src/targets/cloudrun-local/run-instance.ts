import type Docker from 'dockerode';
import { waitUntilReady } from '../../drive/ready.ts';
import { freePort } from '../free-port.ts';
import { track } from '../live.ts';
import { freezerOf, lastLogLines, MIN_CPUS, setCpuQuota, startContainer, type Freezer, type StartedContainer } from '../docker/index.ts';
import type { ServiceConfig } from './service-config.ts';

/** Startup CPU boost: Cloud Run doubles the CPU until the instance is ready and for 10 s after. */
export const BOOST_FACTOR = 2;
export const BOOST_AFTER_READY_MS = 10_000;

/**
 * One Cloud Run instance: a container of the service's image on a port of its
 * own, with the CPU taken away while nothing is in flight (request-based CPU)
 * and given back when a request arrives.
 */
export class RunInstance {
  readonly id: string;
  readonly url: string;
  readonly #container: StartedContainer;
  readonly #config: ServiceConfig;
  readonly #freezer: Freezer;
  #throttled = false;
  /** The CPU it has while a request is in flight: boosted at first, then the service's. */
  #cpus: number | null;
  /** Wall time of its process start (ms), to verify a cold start. */
  readonly startedWallMs: number;
  idleSinceMs: number | null = null;
  inFlight = 0;
  draining = false;

  private constructor(container: StartedContainer, url: string, config: ServiceConfig, cpus: number | null) {
    this.#cpus = cpus;
    this.#container = container;
    this.id = container.container.id;
    this.url = url;
    this.#config = config;
    this.#freezer = freezerOf(container.container.id);
    this.startedWallMs = Date.now();
  }

  /** Starts it and waits for its health path; throws with its log tail when it never answers. */
  static async start(docker: Docker, config: ServiceConfig, opts: { hostCpus: number; labels: { sweepId: string; runId: string } }): Promise<RunInstance> {
    const port = await freePort();
    const limits = { cpus: config.cpus, memoryBytes: config.memoryBytes };
    const cpus = Math.min(opts.hostCpus, limits.cpus * (config.cpuBoost ? BOOST_FACTOR : 1));
    const env = { ...config.env, PORT: String(port), HOST: '127.0.0.1', K_SERVICE: config.service, K_REVISION: config.revision, K_CONFIGURATION: config.service };
    const container = await startContainer(docker, { image: config.image, env, args: config.args, cpus, memoryBytes: limits.memoryBytes, cpuset: null, restart: true, what: `a Cloud Run instance of ${config.revision}` }, opts.labels);
    const instance = new RunInstance(container, `http://127.0.0.1:${port}`, config, cpus);
    // A frozen process cannot be killed: removal on Ctrl-C or a crash thaws it first.
    track(`docker:${instance.id}`, () => instance.remove());
    const ready = await waitUntilReady(instance.url + config.healthPath, { timeoutMs: config.readyTimeoutMs, exited: container.exited });
    if (ready.state !== 'ready') {
      const logs = await lastLogLines(container.container).catch(() => '');
      await container.remove().catch(() => undefined);
      throw new Error(`the instance ${ready.state === 'exited' ? `exited with code ${ready.exitCode}` : 'did not answer its health path in time'}${logs ? `; its last output: ${logs}` : ''}`);
    }
    if (cpus !== limits.cpus) {
      setTimeout(() => {
        instance.#cpus = limits.cpus;
        if (!instance.#throttled) setCpuQuota(instance.id, limits.cpus);
      }, BOOST_AFTER_READY_MS).unref();
    }
    return instance;
  }

  /** Nothing in flight: in request-based mode its CPU goes (quota to Docker's minimum, or frozen). */
  throttle(): void {
    if (!this.#config.cpuIdle || this.#throttled) return;
    this.#throttled = true;
    if (this.#config.throttle === 'freeze') this.#freezer.freeze();
    else setCpuQuota(this.id, MIN_CPUS);
  }

  /** A request arrived: the CPU comes back. Returns how long that took, in ms. */
  resume(): number {
    if (!this.#throttled) return 0;
    const startedAt = performance.now();
    this.#throttled = false;
    if (this.#config.throttle === 'freeze') this.#freezer.thaw();
    else setCpuQuota(this.id, this.#cpus);
    return performance.now() - startedAt;
  }

  async remove(): Promise<void> {
    this.#freezer.thaw();
    await this.#container.remove().catch(() => undefined);
  }
}
