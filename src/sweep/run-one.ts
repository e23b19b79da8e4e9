import type Docker from 'dockerode';
import { coldStartPhases } from '../collect/cold-start-phases.ts';
import { readRuntimeFacts, readStartTimestamps } from '../collect/runtime-info.ts';
import { snapshotCgroup, type CgroupSnapshot } from '../collect/cgroup-stats.ts';
import { containerFacts } from '../collect/container-facts.ts';
import { lastLogLines } from '../collect/container-logs.ts';
import { runLoad } from '../drive/loadgen.ts';
import { isDriverLimited } from '../summarize/driver-limit.ts';
import { timeRequest, waitUntilReady } from '../drive/ready.ts';
import { errorMessage, HarnessError, Interrupted } from '../errors.ts';
import { planCpuIsolation } from '../launch/cpu-isolation.ts';
import { launchContainer, type Instance } from '../launch/docker.ts';
import type { LocalRegistry } from '../launch/registry.ts';
import type { BuiltImage, ColdStartSample, ContainerFacts, PlannedRun, RunOutcome, RunSettings } from '../types.ts';

export interface RunContext {
  docker: Docker;
  /** Path of the built load generator. */
  loadgen: string;
  hostCpus: number;
  sweepId: string;
  settings: RunSettings;
  signal: AbortSignal;
  /** Set when the matrix pulls images afresh at each cold start. */
  registry: LocalRegistry | null;
}

/** Starts a fresh container and waits for its first successful response. */
async function coldStart(run: PlannedRun, image: BuiltImage, ctx: RunContext, cpuset: string | null): Promise<{ instance: Instance; sample: ColdStartSample }> {
  const { cell } = run;
  const pulled = image.pushed && ctx.registry ? await ctx.registry.pullFresh(image) : null;
  const instance = await launchContainer(ctx.docker, cell, image, { sweepId: ctx.sweepId, runId: run.runId }, cpuset);
  const ready = await waitUntilReady(instance.baseUrl + cell.workload.healthPath, {
    timeoutMs: ctx.settings.readyTimeoutSeconds * 1000,
    exited: instance.exited,
    signal: ctx.signal,
  });
  if (ready.state === 'ready') {
    // After the cold start is timed: the first real request, then the workload's own timestamps.
    const firstRequestMs = await timeRequest(instance.baseUrl + cell.workload.requestPath, ctx.settings.requestTimeoutMs);
    const timestamps = await readStartTimestamps(instance.baseUrl, cell.workload.infoPath);
    const sample: ColdStartSample = {
      pullMs: pulled?.ms ?? null,
      pullLayersCached: pulled?.layersCached ?? null,
      createMs: instance.createdAt - instance.createRequestedAt,
      startMs: instance.startedAt - instance.startRequestedAt,
      readyMs: ready.at - instance.startedAt,
      // The harness's own bookkeeping between pull and create (picking a port) is not the workload's.
      totalMs: (pulled?.ms ?? 0) + ready.at - instance.createRequestedAt,
      phases: timestamps ? coldStartPhases(instance.createdAt, ready.at, timestamps) : null,
      firstRequestMs,
    };
    return { instance, sample };
  }
  const logs = await lastLogLines(instance.container);
  const facts = await containerFacts(ctx.docker, instance.container, null, null).catch(() => null);
  await instance.remove();
  if (ready.state === 'aborted') throw new Interrupted();
  const what =
    ready.state === 'exited'
      ? `the container exited with code ${ready.exitCode} before answering ${cell.workload.healthPath}`
      : `no successful answer on ${cell.workload.healthPath} within ${ctx.settings.readyTimeoutSeconds} s`;
  throw new ColdStartError(`${what}${logs ? `; its last output: ${logs}` : ''}`, facts, cell.id);
}

/** A cold start that never answered, with what the container did (an OOM kill at start, say). */
class ColdStartError extends HarnessError {
  readonly container: ContainerFacts | null;
  constructor(message: string, container: ContainerFacts | null, cellId: string) {
    super(message, { stage: 'cold-start', cellId, hint: 'the workload must listen on $PORT (and $HOST if set) and answer its healthPath with 2xx' });
    this.container = container;
  }
}

/**
 * Runs one repetition of a cell: N cold starts in fresh containers, then load
 * on the last one, with cgroup counters around the measured window. Returns
 * null when interrupted, so the run is redone on --resume instead of recorded
 * half-done. Every container is removed before this returns.
 */
export async function runOne(run: PlannedRun, image: BuiltImage, ctx: RunContext): Promise<RunOutcome | null> {
  const { cell } = run;
  const cpus = planCpuIsolation(ctx.hostCpus, cell.cpus, ctx.settings.isolateDriver);
  const base = { run, cpus, startedAt: new Date().toISOString(), image, coldStarts: [] as ColdStartSample[] };
  let instance: Instance | null = null;
  try {
    for (let i = 0; i < Math.max(1, ctx.settings.coldStarts); i++) {
      await instance?.remove();
      instance = null;
      const started = await coldStart(run, image, ctx, cpus.sutCpuset);
      instance = started.instance;
      if (i < ctx.settings.coldStarts) base.coldStarts.push(started.sample);
    }
    const live = instance as Instance;
    const runtime = await readRuntimeFacts(live.baseUrl, cell.workload.infoPath);
    const snapshots: { start?: CgroupSnapshot | null; end?: CgroupSnapshot | null } = {};
    const load = await runLoad({
      loadgen: ctx.loadgen,
      url: live.baseUrl + cell.workload.requestPath,
      connections: cell.concurrency,
      rps: cell.rps,
      warmupSeconds: ctx.settings.warmupSeconds,
      durationSeconds: ctx.settings.durationSeconds,
      requestTimeoutMs: ctx.settings.requestTimeoutMs,
      signal: ctx.signal,
      cpuset: cpus.driverCpuset,
      onWindow: async (edge) => {
        snapshots[edge] = await snapshotCgroup(live.container).catch(() => null);
      },
    });
    if (ctx.signal.aborted) return null;
    const runtimeAfter = await readRuntimeFacts(live.baseUrl, cell.workload.infoPath);
    const container = await containerFacts(ctx.docker, live.container, snapshots.start ?? null, snapshots.end ?? null);
    load.driverLimited = isDriverLimited({
      ...load,
      hostCpus: ctx.hostCpus,
      sutCpuCores: container.cpuUsageMs === null ? null : container.cpuUsageMs / 1000 / load.durationS,
      sutQuotaCores: cell.cpus,
      sutGomaxprocs: runtime?.gomaxprocs ?? null,
    });
    return { ...base, state: 'completed', load, container, runtime, runtimeAfter };
  } catch (err) {
    if (ctx.signal.aborted || err instanceof Interrupted) return null;
    const container =
      err instanceof ColdStartError ? err.container : instance ? await containerFacts(ctx.docker, instance.container, null, null).catch(() => null) : null;
    const stage = err instanceof HarnessError ? err.stage : 'drive';
    return { ...base, state: 'failed', stage, error: errorMessage(err), container };
  } finally {
    // A container that will not go is retried by removeAll at the end; it must not cost the run its result.
    await instance?.remove().catch(() => undefined);
  }
}
