import type Docker from 'dockerode';
import { buildWorkload, missingImages, unbuildableReason } from '../../build/index.ts';
import { ColdStartFailure, Interrupted, type Problem } from '../../errors.ts';
import { uniqueWorkloads } from '../target.ts';
import type { BuiltImage, Cell, ColdStartSample, CpuPlacement, DeployedArtifact, PlannedRun, RunSettings } from '../../types.ts';
import { planCpuIsolation } from '../cpu-placement.ts';
import { awaitFirstResponse, NOT_READY_HINT, whyNotReady } from '../http-ready.ts';
import type { Deployment, Target, TargetScope } from '../target.ts';
import { launchContainer } from './container.ts';
import { containerFacts } from './container-facts.ts';
import { lastLogLines } from './container-logs.ts';
import type { DockerHost } from './engine-host.ts';
import { EngineWatch } from './engine-watch.ts';
import { ContainerInstance } from './instance.ts';
import { startRegistry, type LocalRegistry, type PushedImage } from './registry.ts';
import { coldStartRemotely, type RemoteContext } from './remote/cold-start.ts';
import { Driver } from './remote/driver.ts';
import { registryThroughDriver } from './remote/registry-access.ts';
import { REGISTRY_HERE } from './registry-access.ts';
import { RemoteVantage } from './remote/remote-vantage.ts';

/**
 * Docker: a fresh container per cold start, limits as --cpus/--memory, the
 * cgroup's counters as facts. On a remote engine, requests and load come from
 * a driver container beside the workloads (remote/).
 */
export class DockerTarget implements Target {
  readonly name = 'docker';
  readonly facts: Record<string, unknown>;
  readonly #engine: Docker;
  readonly #host: DockerHost;
  readonly #scope: TargetScope;
  #registry: LocalRegistry | null = null;
  #remote: Promise<RemoteContext> | null = null;
  readonly #watch: EngineWatch;

  constructor(engine: Docker, host: DockerHost, scope: TargetScope) {
    this.#engine = engine;
    this.#host = host;
    this.#scope = scope;
    this.facts = { ...host };
    this.#watch = new EngineWatch(engine, host.endpoint, scope.log);
  }

  get limits(): { cpus: number; memoryBytes: number } {
    return { cpus: this.#host.cpus, memoryBytes: this.#host.memoryBytes };
  }

  placement(cell: Cell): CpuPlacement {
    return planCpuIsolation(this.#host.cpus, cell.cpus, this.#scope.settings.isolateDriver);
  }

  async checkOnPlatform(cells: Cell[]): Promise<Problem[]> {
    return (await Promise.all(uniqueWorkloads(cells).map((w) => missingImages(this.#engine, w)))).flat();
  }

  skipReason(cell: Cell): Promise<string | null> {
    return unbuildableReason(cell.build);
  }

  /** Starts noticing the engine going away (see awaitPlatform). */
  watchEngine(): Promise<void> {
    return this.#watch.start();
  }

  awaitPlatform(signal: AbortSignal, since: number): Promise<number> {
    return this.#watch.settle(signal, since);
  }

  async deploy(cell: Cell): Promise<Deployment> {
    const built = await buildWorkload(this.#engine, cell.workload, this.#host.goarch, cell.build);
    const remote = this.#host.remote ? await this.#openDriver() : null;
    const registry = this.#scope.settings.pull ? await this.#openRegistry(remote) : null;
    const image = registry ? await registry.push(built) : built;
    return new DockerDeployment(this.#engine, image, registry, remote, this.#scope);
  }

  /** The sweep's driver on a remote engine's host, started at the first deploy; it tells meta.json that host's CPU model. */
  #openDriver(): Promise<RemoteContext> {
    this.#remote ??= Driver.start(this.#engine, { goarch: this.#host.goarch, hostCpus: this.#host.cpus, sweepId: this.#scope.sweepId }).then(async (driver) => {
      this.#scope.log(`requests and load go from a driver container on ${this.#host.endpoint}, to that host's loopback`);
      this.facts.cpuModel = (await driver.ask<{ cpuModel?: string }>(['host'], 'host facts').catch(() => null))?.cpuModel || null;
      return { engine: this.#engine, driver, via: new RemoteVantage(driver, this.#host), sweepId: this.#scope.sweepId, settings: this.#scope.settings };
    });
    return this.#remote;
  }

  /** The sweep's own registry, started at the first deploy of a sweep that pulls. */
  async #openRegistry(remote: RemoteContext | null): Promise<LocalRegistry> {
    if (!this.#registry) {
      const access = remote ? registryThroughDriver(remote) : REGISTRY_HERE;
      this.#registry = await startRegistry(this.#engine, this.#host.goarch, this.#scope.sweepId, this.#scope.signal, access);
      this.#scope.log(`images are pulled afresh at every cold start from the sweep's registry on ${this.#registry.address}`);
    }
    return this.#registry;
  }

  async close(): Promise<void> {
    this.#watch.stop();
    await this.#registry?.stop();
    await (await this.#remote?.catch(() => null))?.driver.stop();
  }
}

class DockerDeployment implements Deployment {
  readonly artifact: DeployedArtifact;
  readonly #engine: Docker;
  readonly #image: BuiltImage | PushedImage;
  readonly #registry: LocalRegistry | null;
  readonly #remote: RemoteContext | null;
  readonly #sweepId: string;
  readonly #settings: RunSettings;

  constructor(engine: Docker, image: BuiltImage | PushedImage, registry: LocalRegistry | null, remote: RemoteContext | null, scope: TargetScope) {
    this.#engine = engine;
    this.#image = image;
    this.#registry = registry;
    this.#remote = remote;
    this.#sweepId = scope.sweepId;
    this.#settings = scope.settings;
    const pushed = 'ref' in image ? image : null;
    this.artifact = {
      workload: image.workload,
      build: image.build,
      ref: image.tag,
      binaryBytes: image.binaryBytes,
      imageBytes: image.imageBytes,
      pullBytes: pushed?.compressedBytes ?? null,
      goVersion: image.goVersion,
      cached: image.cached,
    };
  }

  /** Pulls the image afresh where the sweep pulls, creates and starts a container, and times it to its first 2xx. */
  async coldStart(run: PlannedRun, placement: CpuPlacement, signal: AbortSignal): Promise<{ instance: ContainerInstance; sample: ColdStartSample }> {
    const { cell } = run;
    const pushed = 'ref' in this.#image && this.#registry ? this.#image : null;
    const pulled = pushed && this.#registry ? await this.#registry.pullFresh(pushed) : null;
    if (this.#remote) return coldStartRemotely(this.#remote, run, { image: pushed?.ref ?? this.#image.tag, pulled, sutCpuset: placement.sutCpuset }, signal);
    const launched = await launchContainer(this.#engine, cell, pushed?.ref ?? this.#image.tag, { sweepId: this.#sweepId, runId: run.runId }, placement.sutCpuset);
    const instance = new ContainerInstance(this.#engine, launched.container, launched.baseUrl);
    const ready = await awaitFirstResponse(cell, launched.baseUrl, { createdAt: launched.createdAt, exited: launched.exited, signal, settings: this.#settings });
    if (ready.state === 'ready') {
      const phases = ready.workloadPhases;
      const sample: ColdStartSample = {
        // The harness's own bookkeeping between pull and create (picking a port) is not the workload's.
        verified: true,
        totalMs: (pulled?.ms ?? 0) + ready.readyAt - launched.createRequestedAt,
        phasesMs: {
          pull: pulled?.ms ?? null,
          create: launched.createdAt - launched.createRequestedAt,
          start: launched.startedAt - launched.startRequestedAt,
          ready: ready.readyAt - launched.startedAt,
          start_to_init: phases?.start_to_init ?? null,
          package_init: phases?.package_init ?? null,
          main_to_listen: phases?.main_to_listen ?? null,
          listen_to_ready: phases?.listen_to_ready ?? null,
        },
        counts: { pull_layers_cached: pulled?.layersCached ?? null },
        firstRequestMs: ready.firstRequestMs,
      };
      return { instance, sample };
    }
    const logs = await lastLogLines(launched.container);
    const platform = await containerFacts(this.#engine, launched.container, null, null).catch(() => null);
    await instance.remove();
    if (ready.state === 'aborted') throw new Interrupted();
    throw new ColdStartFailure(whyNotReady(cell, ready, this.#settings, 'container', logs), { cellId: cell.id, hint: NOT_READY_HINT, platform });
  }
}
