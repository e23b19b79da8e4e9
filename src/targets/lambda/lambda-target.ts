import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { unbuildableReason } from '../../build/index.ts';
import { ColdStartFailure } from '../../errors.ts';
import { readyPath, WORKLOAD_HEADERS, type Cell, type ColdStartSample, type CpuPlacement, type DeployedArtifact, type PlannedRun } from '../../types.ts';
import { Made } from '../live.ts';
import { LAMBDA_PRICES, readLambdaPrices, type LambdaPrices } from '../../summarize/lambda-prices.ts';
import type { Deployment, Target, TargetScope } from '../target.ts';
import { createFunction, deleteFunction, invokeWithTail, provision, reconfigure } from './lambda-api.ts';
import { LambdaInstance } from './lambda-instance.ts';
import type { LambdaPlatform } from './platform.ts';
import { buildFunctionPackage } from './function-package.ts';
import { getEvent, readAnswer } from './function-url-event.ts';
import { TAG_OWNER_HOST, TAG_OWNER_PID, TAG_SWEEP } from './tags.ts';

const NOT_PLACED: CpuPlacement = { sutCpuset: null, driverCpuset: null, reason: 'Lambda places its environments itself' };
/** Lambda's largest timeout would hide a hung invoke for 15 minutes; a benchmark request needs far less. */
const FUNCTION_TIMEOUT_S = 30;

/** AWS Lambda, or its emulation: a function per workload and build, reconfigured (and so cold-started) per run. */
export class LambdaTarget implements Target {
  readonly name: string;
  readonly facts: Record<string, unknown>;
  readonly limits = null;
  readonly #platform: LambdaPlatform;
  readonly #scope: TargetScope;
  readonly #functions = new Made('lambda');

  readonly #prices: LambdaPrices;

  constructor(platform: LambdaPlatform, scope: TargetScope) {
    this.name = platform.name;
    this.#platform = platform;
    this.#scope = scope;
    // The matrix's override was checked at load; a bad one cannot reach here.
    const read = readLambdaPrices(scope.settings.lambdaPrices);
    this.#prices = read.ok ? read.prices : LAMBDA_PRICES;
    const { asOf, region, source } = this.#prices;
    this.facts = { ...platform.facts, prices: { asOf, region, source } };
  }

  placement(): CpuPlacement {
    return NOT_PLACED;
  }

  async skipReason(cell: Cell): Promise<string | null> {
    return this.#platform.cannotRun(cell) ?? unbuildableReason(cell.build);
  }

  variantOf(cell: Cell): string[] {
    return [cell.lambda.arch, ...(cell.lambda.package === 'zip' ? [] : [cell.lambda.package])];
  }

  async deploy(cell: Cell): Promise<Deployment> {
    const pkg = await buildFunctionPackage(cell);
    const name = `gosweep-${this.#scope.sweepId.slice(0, 8)}-${createHash('sha256').update(`${cell.workload.name}:${pkg.hash}:${cell.lambda.arch}`).digest('hex').slice(0, 10)}`;
    const { client } = this.#platform;
    this.#functions.add(name, () => deleteFunction(client, name));
    const url = await createFunction(client, {
      name,
      role: this.#platform.role,
      zip: pkg.zip,
      arch: cell.lambda.arch,
      memoryMb: cell.lambda.memoryMb,
      timeoutS: FUNCTION_TIMEOUT_S,
      env: cell.env,
      tags: { [TAG_SWEEP]: this.#scope.sweepId, [TAG_OWNER_PID]: String(process.pid), [TAG_OWNER_HOST]: os.hostname() },
    });
    const artifact: DeployedArtifact = { workload: cell.workload.name, build: cell.build, ref: name, binaryBytes: pkg.binaryBytes, imageBytes: null, pullBytes: pkg.zip.length, goVersion: pkg.goVersion, cached: pkg.cached };
    return new LambdaDeployment(this.#platform, name, url, artifact, this.#prices);
  }

  async close(): Promise<void> {
    await this.#functions.removeAll();
    await this.#platform.close();
  }
}

class LambdaDeployment implements Deployment {
  readonly artifact: DeployedArtifact;
  readonly #platform: LambdaPlatform;
  readonly #name: string;
  readonly #url: string;

  readonly #prices: LambdaPrices;

  constructor(platform: LambdaPlatform, name: string, url: string, artifact: DeployedArtifact, prices: LambdaPrices) {
    this.#prices = prices;
    this.#platform = platform;
    this.#name = name;
    this.#url = url;
    this.artifact = artifact;
  }

  /**
   * Forces a cold start as lambda-perf and SeBS do: a configuration update with
   * a nonce retires every environment, then one invoke of the health path with
   * its log tail. It is verified cold only when the REPORT has an Init Duration
   * and the workload says it is its first request.
   */
  async coldStart(run: PlannedRun): Promise<{ instance: LambdaInstance; sample: ColdStartSample }> {
    const { cell } = run;
    const { client } = this.#platform;
    await reconfigure(client, this.#name, cell.lambda.memoryMb, { ...cell.env, GOSWEEP_NONCE: randomUUID() });
    // With warm capacity the health invoke lands on an initialised environment: not cold, and recorded as such.
    if (cell.lambda.provisioned > 0) await provision(client, this.#name, cell.lambda.provisioned);
    const invoked = await invokeWithTail(client, this.#name, getEvent(readyPath(cell.workload)));
    const answer = readAnswer(invoked.payload);
    if (invoked.functionError || !answer || answer.statusCode >= 300) {
      const why = invoked.functionError ? `the function failed (${invoked.functionError})` : `the health path answered ${answer?.statusCode ?? 'nothing a Function URL understands'}`;
      throw new ColdStartFailure(`${why} at its cold start; its log tail: ${invoked.log.trim().slice(-1500)}`, { cellId: cell.id, hint: 'see the log tail; "gosweep run" builds bundled workloads with -tags lambda,lambda.norpc', platform: null });
    }
    const report = invoked.report;
    const instance = new LambdaInstance(this.#platform, this.#name, this.#url, cell, this.#prices);
    const firstRequestStartedAt = performance.now();
    const first = await invokeWithTail(client, this.#name, getEvent(cell.workload.requests[0].path)).catch(() => null);
    const firstRequestMs = first && !first.functionError ? performance.now() - firstRequestStartedAt : null;
    const init = report?.initDurationMs ?? null;
    const handler = report?.durationMs ?? null;
    const sample: ColdStartSample = {
      verified: init !== null && answer.headers[WORKLOAD_HEADERS.seq] === '1',
      totalMs: invoked.ms,
      phasesMs: { init, handler, platform: init !== null && handler !== null ? invoked.ms - init - handler : null },
      counts: { billed_duration_ms: report?.billedDurationMs ?? null, max_memory_used_mb: report?.maxMemoryUsedMb ?? null },
      firstRequestMs,
    };
    return { instance, sample };
  }
}
