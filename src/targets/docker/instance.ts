import type Docker from 'dockerode';
import type { PlatformFacts, Vantage } from '../../types.ts';
import type { Instance } from '../target.ts';
import { snapshotCgroup, type CgroupSnapshot } from './cgroup-stats.ts';
import { containerFacts } from './container-facts.ts';
import { remove } from './live-containers.ts';

/** A running container: the cgroup's counters around the window, the engine's account of its life. */
export class ContainerInstance implements Instance {
  readonly baseUrl: string;
  readonly via?: Vantage;
  readonly container: Docker.Container;
  readonly #engine: Docker;
  readonly #marks: Partial<Record<'start' | 'end', CgroupSnapshot | null>> = {};

  constructor(engine: Docker, container: Docker.Container, baseUrl: string, via?: Vantage) {
    this.#engine = engine;
    this.container = container;
    this.baseUrl = baseUrl;
    if (via) this.via = via;
  }

  async markWindow(edge: 'start' | 'end'): Promise<void> {
    this.#marks[edge] = await snapshotCgroup(this.container).catch(() => null);
  }

  facts(): Promise<PlatformFacts> {
    return containerFacts(this.#engine, this.container, this.#marks.start ?? null, this.#marks.end ?? null);
  }

  remove(): Promise<void> {
    return remove(this.container);
  }
}
