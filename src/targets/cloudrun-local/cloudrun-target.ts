import type Docker from 'dockerode';
import { request } from 'undici';
import { buildWorkload, unbuildableReason } from '../../build/index.ts';
import { ColdStartFailure } from '../../errors.ts';
import type { Cell, ColdStartSample, CpuPlacement, DeployedArtifact, PlannedRun, PlatformFacts } from '../../types.ts';
import { cfsDelta } from '../cfs-delta.ts';
import type { CpuStat } from '../docker/index.ts';
import { readCpuMs } from '../process/proc-stats.ts';
import type { Deployment, Instance, Target, TargetScope } from '../target.ts';
import { CloudRunService } from './service.ts';

const NOT_PLACED: CpuPlacement = { sutCpuset: null, driverCpuset: null, reason: 'Cloud Run places its instances itself' };
const header = (headers: Record<string, string | string[] | undefined>, name: string) => Number(headers[name] ?? Number.NaN);

/** Cloud Run emulated on this machine's Docker engine: one service (proxy and control loop) per workload, build and service settings. */
export class CloudRunLocalTarget implements Target {
  readonly name = 'cloudrun-local';
  readonly facts: Record<string, unknown>;
  readonly limits = null;
  readonly #docker: Docker;
  readonly #goarch: string;
  readonly #hostCpus: number;
  readonly #proxyBinary: string;
  readonly #scope: TargetScope;
  readonly #services: CloudRunService[] = [];

  constructor(docker: Docker, host: { goarch: string; cpus: number; serverVersion: string }, proxyBinary: string, scope: TargetScope) {
    this.#docker = docker;
    this.#goarch = host.goarch;
    this.#hostCpus = host.cpus;
    this.#proxyBinary = proxyBinary;
    this.#scope = scope;
    this.facts = { docker: host.serverVersion, cpus: host.cpus, proxy: 'go-workloads/tools/proxy' };
  }

  placement(): CpuPlacement {
    return NOT_PLACED;
  }

  skipReason(cell: Cell): Promise<string | null> {
    return unbuildableReason(cell.build);
  }

  /** A service's settings fixed at deploy: its proxy's per-instance concurrency among them. */
  variantOf(cell: Cell): string[] {
    const c = cell.cloudrun;
    return [`concurrency=${c.concurrency}`, `cpu=${c.cpu}`, `min=${c.minInstances}`, `max=${c.maxInstances}`, ...(c.cpuBoost ? ['boost'] : []), `throttle=${c.throttle}`];
  }

  async deploy(cell: Cell): Promise<Deployment> {
    const built = await buildWorkload(this.#docker, cell.workload, this.#goarch, cell.build);
    const service = await CloudRunService.start(
      { docker: this.#docker, proxyBinary: this.#proxyBinary, image: built.tag, hostCpus: this.#hostCpus, readyTimeoutMs: this.#scope.settings.readyTimeoutSeconds * 1000, labels: { sweepId: this.#scope.sweepId, runId: `cloudrun-local:${cell.workload.name}` }, log: this.#scope.log },
      cell,
    );
    this.#services.push(service);
    const artifact: DeployedArtifact = { workload: built.workload, build: built.build, ref: built.tag, binaryBytes: built.binaryBytes, imageBytes: built.imageBytes, pullBytes: null, goVersion: built.goVersion, cached: built.cached };
    return new CloudRunDeployment(service, artifact);
  }

  async close(): Promise<void> {
    await Promise.all(this.#services.map((s) => s.close()));
  }
}

class CloudRunDeployment implements Deployment {
  readonly artifact: DeployedArtifact;
  readonly #service: CloudRunService;

  constructor(service: CloudRunService, artifact: DeployedArtifact) {
    this.#service = service;
    this.artifact = artifact;
  }

  /**
   * A new revision (every instance gone, minInstances started again), then one
   * request through the proxy, timed on the client. It is verified cold only
   * when the process that answered started after the request was sent.
   */
  async coldStart(run: PlannedRun): Promise<{ instance: Instance; sample: ColdStartSample }> {
    const { cell } = run;
    await this.#service.revise(cell);
    const sentWallMs = Date.now();
    const startedAt = performance.now();
    const res = await request(this.#service.url + cell.workload.healthPath, { headersTimeout: 60_000, bodyTimeout: 60_000 });
    await res.body.dump();
    const totalMs = performance.now() - startedAt;
    if (res.statusCode >= 300) {
      throw new ColdStartFailure(`the service answered ${res.statusCode} at its cold start${this.#service.lastStartError ? `: ${this.#service.lastStartError}` : ''}`, { cellId: cell.id, hint: 'the workload must listen on $PORT and answer its healthPath with 2xx', platform: null });
    }
    const processStartMs = header(res.headers, 'x-gosweep-start-unix-nano') / 1e6;
    const waitMs = header(res.headers, 'x-gosweep-queue-us') / 1000;
    const resumeMs = header(res.headers, 'x-gosweep-resume-us') / 1000 || 0;
    const known = (v: number) => (Number.isNaN(v) ? null : v);
    const sample: ColdStartSample = {
      // Clocks: the process's start and the send are both wall time on this machine; 1 ms of slack for their resolution.
      verified: !Number.isNaN(processStartMs) && processStartMs >= sentWallMs - 1,
      totalMs,
      phasesMs: { instance_wait: known(waitMs), resume: resumeMs, serve: Number.isNaN(waitMs) ? null : totalMs - waitMs - resumeMs },
      counts: {},
      firstRequestMs: null,
    };
    return { instance: new CloudRunInstance(this.#service, cell), sample };
  }
}

interface Mark {
  at: number;
  proxyCpuMs: number | null;
  cpu: Map<string, CpuStat>;
}

/** The service as the load sees it: its proxy's URL; facts from the proxy and the control loop. */
class CloudRunInstance implements Instance {
  readonly baseUrl: string;
  readonly countHeader = 'x-gosweep-instance';
  readonly #service: CloudRunService;
  #start: Mark | null = null;
  #facts: PlatformFacts | null = null;

  constructor(service: CloudRunService, _cell: Cell) {
    this.#service = service;
    this.baseUrl = service.url;
  }

  async markWindow(edge: 'start' | 'end'): Promise<void> {
    const { proxy, counters, cpu } = await this.#service.mark();
    const pid = this.#service.proxyPid;
    const mark = { at: performance.now(), proxyCpuMs: pid === undefined ? null : readCpuMs(pid), cpu };
    if (edge === 'start') {
      this.#start = mark;
      return;
    }
    const start = this.#start;
    const throttling = cfsDelta(start?.cpu ?? new Map(), cpu);
    const windowMs = start ? mark.at - start.at : null;
    this.#facts = {
      cpuPeriods: throttling.periods,
      cpuThrottledPeriods: throttling.throttledPeriods,
      cpuThrottledMs: throttling.throttledMs,
      cpuUsageMs: null,
      memoryPeakBytes: null,
      oomKills: null,
      oomKilled: null,
      exitCode: null,
      restartCount: null,
      invocations: proxy.served,
      coldStartsInWindow: counters.started,
      throttles: proxy.throttled,
      queueWaitP50Ms: proxy.queueWaitUs.p50 / 1000,
      queueWaitP99Ms: proxy.queueWaitUs.p99 / 1000,
      instancesMax: counters.maxInstances,
      instanceSeconds: counters.instanceMs / 1000,
      busyInstanceSeconds: counters.busyMs / 1000,
      proxyCpuCores: windowMs && start?.proxyCpuMs != null && mark.proxyCpuMs !== null ? (mark.proxyCpuMs - start.proxyCpuMs) / windowMs : null,
    };
  }

  async facts(): Promise<PlatformFacts> {
    if (!this.#facts) throw new Error('the window was not marked');
    return this.#facts;
  }

  /** The service stays; the next run's revision replaces its instances. */
  async remove(): Promise<void> {}
}
