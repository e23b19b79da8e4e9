import { createHash, randomUUID } from 'node:crypto';
import { request } from 'undici';
import { unbuildableReason } from '../../build/index.ts';
import { ColdStartFailure, Interrupted, type Problem } from '../../errors.ts';
import { cloudrunPrices, type CloudRunPrices } from '../../summarize/cloudrun-prices.ts';
import { readyPath, WORKLOAD_HEADERS, type Cell, type ColdStartSample, type CpuPlacement, type DeployedArtifact, type PlannedRun } from '../../types.ts';
import { Made } from '../live.ts';
import { uniqueWorkloads, type Deployment, type Instance, type Target, type TargetScope } from '../target.ts';
import { CloudRunInstance } from './cloudrun-instance.ts';
import type { CloudRunPlatform } from './platform.ts';
import { createService, deleteService, reviseService } from './run-api.ts';
import { serviceSpec } from './service-spec.ts';

const NOT_PLACED: CpuPlacement = { sutCpuset: null, driverCpuset: null, reason: 'Cloud Run places its instances itself' };
const header = (headers: Record<string, string | string[] | undefined>, name: string) => Number(headers[name] ?? Number.NaN);
const known = (v: number) => (Number.isNaN(v) ? null : v);

/** Cloud Run, or its emulation: one service per workload, build and service settings, given a new revision (a cold start) per run. */
export class CloudRunTarget implements Target {
  readonly name: string;
  readonly facts: Record<string, unknown>;
  readonly limits = null;
  readonly #platform: CloudRunPlatform;
  readonly #scope: TargetScope;
  readonly #services = new Made('cloudrun');
  readonly #prices: CloudRunPrices;

  constructor(platform: CloudRunPlatform, scope: TargetScope) {
    this.name = platform.name;
    this.#platform = platform;
    this.#scope = scope;
    this.#prices = cloudrunPrices(scope.settings.cloudrunPrices);
    const { asOf, region, source } = this.#prices;
    this.facts = { ...platform.facts, prices: { asOf, region, source } };
  }

  placement(): CpuPlacement {
    return NOT_PLACED;
  }

  async checkOnPlatform(cells: Cell[]): Promise<Problem[]> {
    return (await Promise.all(uniqueWorkloads(cells).map((w) => this.#platform.missingImages(w)))).flat();
  }

  skipReason(cell: Cell): Promise<string | null> {
    return unbuildableReason(cell.build);
  }

  /** A service's settings fixed at deploy: its per-instance concurrency among them. */
  variantOf(cell: Cell): string[] {
    const c = cell.cloudrun;
    return [`concurrency=${c.concurrency}`, `cpu=${c.cpu}`, `min=${c.minInstances}`, `max=${c.maxInstances}`, ...(c.cpuBoost ? ['boost'] : []), `throttle=${c.throttle}`, `scaling=${c.scaling}`, `idle=${c.idleWindowSeconds}s`];
  }

  async deploy(cell: Cell): Promise<Deployment> {
    const { ref, built } = await this.#platform.publish(cell);
    const id = `gosweep-${this.#scope.sweepId.slice(0, 8).toLowerCase()}-${createHash('sha256').update([ref, ...this.variantOf(cell)].join(' ')).digest('hex').slice(0, 10)}`;
    const specOf = (c: Cell, nonce: string) => serviceSpec(c, ref, { sweepId: this.#scope.sweepId, nonce, local: this.#platform.local !== null, readyTimeoutS: this.#scope.settings.readyTimeoutSeconds });
    const name = `${this.#platform.parent}/services/${id}`;
    this.#services.add(name, () => deleteService(this.#platform.client, name));
    const { uri } = await createService(this.#platform.client, this.#platform.parent, id, specOf(cell, 'deploy'));
    const artifact: DeployedArtifact = { workload: built.workload, build: built.build, ref, binaryBytes: built.binaryBytes, imageBytes: built.imageBytes, pullBytes: null, goVersion: built.goVersion, cached: built.cached };
    return new CloudRunDeployment(this.#platform, name, uri, artifact, this.#prices, (c) => specOf(c, randomUUID()));
  }

  async close(): Promise<void> {
    await this.#services.removeAll();
    await this.#platform.close();
  }
}

class CloudRunDeployment implements Deployment {
  readonly artifact: DeployedArtifact;
  readonly #platform: CloudRunPlatform;
  readonly #name: string;
  readonly #uri: string;
  readonly #revision: (cell: Cell) => ReturnType<typeof serviceSpec>;
  readonly #prices: CloudRunPrices;

  constructor(platform: CloudRunPlatform, name: string, uri: string, artifact: DeployedArtifact, prices: CloudRunPrices, revision: (cell: Cell) => ReturnType<typeof serviceSpec>) {
    this.#prices = prices;
    this.#platform = platform;
    this.#name = name;
    this.#uri = uri;
    this.artifact = artifact;
    this.#revision = revision;
  }

  /**
   * A new revision (a fresh nonce in its env: every instance replaced), then
   * one request of the health path, timed on the client. It is verified cold
   * only when the process that answered started after the request was sent:
   * Cloud Run may keep the instance its deploy check started, and minInstances
   * start before any request.
   */
  async coldStart(run: PlannedRun, _placement: CpuPlacement, signal: AbortSignal): Promise<{ instance: Instance; sample: ColdStartSample }> {
    const { cell } = run;
    await reviseService(this.#platform.client, this.#name, this.#revision(cell));
    const url = this.#uri + readyPath(cell.workload);
    const headers = await this.#platform.requestHeaders(url);
    const sentWallMs = Date.now();
    const startedAt = performance.now();
    const fail = (what: string) => {
      const why = this.#platform.local?.lastStartError(this.#name);
      return new ColdStartFailure(`${what} at its cold start${why ? `: ${why}` : ''}`, { cellId: cell.id, hint: 'the workload must listen on $PORT and answer its healthPath with 2xx', platform: null });
    };
    const res = await request(url, { headers, headersTimeout: 120_000, bodyTimeout: 120_000, signal }).catch((err: unknown) => {
      throw signal.aborted ? new Interrupted() : fail(`the service gave no answer (${(err as Error).message})`);
    });
    await res.body.dump();
    const totalMs = performance.now() - startedAt;
    if (res.statusCode >= 300) throw fail(`the service answered ${res.statusCode}`);
    const processStartMs = header(res.headers, WORKLOAD_HEADERS.startUnixNano) / 1e6;
    // Only the emulator's proxy says how long the request waited for an instance and for its CPU.
    const waitMs = header(res.headers, 'x-gosweep-queue-us') / 1000;
    const resumeMs = header(res.headers, 'x-gosweep-resume-us') / 1000;
    const sample: ColdStartSample = {
      // Both are wall clocks (on Cloud Run, two machines' NTP time): 1 ms of slack for their resolution.
      verified: !Number.isNaN(processStartMs) && processStartMs >= sentWallMs - 1,
      totalMs,
      phasesMs: {
        instance_wait: known(waitMs),
        resume: Number.isNaN(waitMs) ? null : known(resumeMs) ?? 0,
        serve: Number.isNaN(waitMs) ? null : totalMs - waitMs - (known(resumeMs) ?? 0),
      },
      counts: {},
      firstRequestMs: null,
    };
    return { instance: new CloudRunInstance(this.#platform, this.#name, this.#uri, cell, this.#prices), sample };
  }
}
