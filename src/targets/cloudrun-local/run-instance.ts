import type Docker from 'dockerode';
import { waitUntilReady } from '../../drive/ready.ts';
import type { Cell } from '../../types.ts';
import { freePort } from '../free-port.ts';
import { track } from '../live.ts';
import { instanceLimits } from './check.ts';
import { freezerOf, lastLogLines, MIN_CPUS, setCpuQuota, startContainer, type Freezer, type StartedContainer } from '../docker/index.ts';

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
  readonly #cell: Cell;
  readonly #freezer: Freezer;
  #throttled = false;
  /** The CPU it has while a request is in flight: boosted at first, then the cell's. */
  #cpus: number | null;
  /** Wall time of its process start (ms), to verify a cold start. */
  readonly startedWallMs: number;
  idleSinceMs: number | null = null;
  inFlight = 0;
  draining = false;

  private constructor(container: StartedContainer, url: string, cell: Cell, cpus: number | null) {
    this.#cpus = cpus;
    this.#container = container;
    this.id = container.container.id;
    this.url = url;
    this.#cell = cell;
    this.#freezer = freezerOf(container.container.id);
    this.startedWallMs = Date.now();
  }

  /** Starts it and waits for its health path; throws with its log tail when it never answers. */
  static async start(docker: Docker, image: string, cell: Cell, opts: { hostCpus: number; readyTimeoutMs: number; labels: { sweepId: string; runId: string } }): Promise<RunInstance> {
    const port = await freePort();
    const { cloudrun } = cell;
    const limits = instanceLimits(cell);
    const cpus = Math.min(opts.hostCpus, limits.cpus * (cloudrun.cpuBoost ? BOOST_FACTOR : 1));
    const env = { ...cell.env, PORT: String(port), HOST: '127.0.0.1', K_SERVICE: cell.workload.name, K_REVISION: `${cell.workload.name}-local`, K_CONFIGURATION: cell.workload.name };
    const container = await startContainer(docker, { image, env, cpus, memoryBytes: limits.memoryBytes, cpuset: null, restart: true, what: `a Cloud Run instance of ${cell.label}`, cellId: cell.id }, opts.labels);
    const instance = new RunInstance(container, `http://127.0.0.1:${port}`, cell, cpus);
    // A frozen process cannot be killed: removal on Ctrl-C or a crash thaws it first.
    track(`docker:${instance.id}`, () => instance.remove());
    const ready = await waitUntilReady(instance.url + cell.workload.healthPath, { timeoutMs: opts.readyTimeoutMs, exited: container.exited });
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
    if (this.#cell.cloudrun.cpu !== 'request' || this.#throttled) return;
    this.#throttled = true;
    if (this.#cell.cloudrun.throttle === 'freeze') this.#freezer.freeze();
    else setCpuQuota(this.id, MIN_CPUS);
  }

  /** A request arrived: the CPU comes back. Returns how long that took, in ms. */
  resume(): number {
    if (!this.#throttled) return 0;
    const startedAt = performance.now();
    this.#throttled = false;
    if (this.#cell.cloudrun.throttle === 'freeze') this.#freezer.thaw();
    else setCpuQuota(this.id, this.#cpus);
    return performance.now() - startedAt;
  }

  async remove(): Promise<void> {
    this.#freezer.thaw();
    await this.#container.remove().catch(() => undefined);
  }
}
