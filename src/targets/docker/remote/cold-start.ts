import type Docker from 'dockerode';
import { coldStartPhasesAt } from '../../../collect/cold-start-phases.ts';
import { ColdStartFailure, HarnessError, Interrupted } from '../../../errors.ts';
import { readyPath, type Cell, type ColdStartSample, type PlannedRun, type RunSettings } from '../../../types.ts';
import { afterReady, NOT_READY_HINT, whyNotReady } from '../../http-ready.ts';
import { listenOn, type Listening } from '../../listen.ts';
import { launchContainer } from '../container.ts';
import { containerFacts } from '../container-facts.ts';
import { lastLogLines } from '../container-logs.ts';
import type { PullSample } from '../registry.ts';
import { ContainerInstance } from '../instance.ts';
import type { Driver } from './driver.ts';
import type { ServedCommand } from './probe-session.ts';
import { engineStampMs } from './engine-clock.ts';
import { askArgs, type RemoteVantage } from './remote-vantage.ts';

/** A wall-clock step larger than this during a cold start makes its figure untrustworthy. */
const MAX_CLOCK_STEP_MS = 1;

type ProbeEvent = { event: 'polling' | 'ready' | 'timeout' | 'stopped'; wallNs?: number; clockStepNs?: number };

/** What a remote cold start starts: the image (pulled afresh just before, where the sweep pulls) and the CPUs it gets. */
export interface RemoteImage {
  image: string;
  pulled: PullSample | null;
  sutCpuset: string | null;
}

/** What the cold start needs of the remote engine. */
export interface RemoteContext {
  engine: Docker;
  driver: Driver;
  via: RemoteVantage;
  sweepId: string;
  settings: RunSettings;
}

/**
 * A cold start on a remote engine, timed on that host's clock: the probe
 * polls the workload's port from the driver before the container is created,
 * and the span runs from the engine's own create stamp to the probe's first
 * 2xx. The create and start calls cross the network, so they are not timed.
 */
export async function coldStartRemotely(ctx: RemoteContext, run: PlannedRun, image: RemoteImage, signal: AbortSignal): Promise<{ instance: ContainerInstance; sample: ColdStartSample }> {
  if (signal.aborted) throw new Interrupted();
  const { cell } = run;
  const listening = await listenOn(cell.workload, async () => (await ctx.driver.ask<{ port: number }>(['port'], 'port pick')).port);
  const probe = await ctx.driver.probe(['ready', '-url', `http://127.0.0.1:${listening.port}${readyPath(cell.workload)}`, ...askArgs(healthAsk(cell)), '-timeout', `${ctx.settings.readyTimeoutSeconds}s`, '-exit-with-stdin']);
  const stop = () => probe.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    return await timeColdStart(ctx, run, { ...image, listening }, probe, signal);
  } finally {
    stop();
    signal.removeEventListener('abort', stop);
  }
}

/** Creates and starts the container while the probe polls, and reads the span off the engine's stamps and the probe's. */
async function timeColdStart(ctx: RemoteContext, run: PlannedRun, start: RemoteImage & { listening: Listening }, probe: ServedCommand, signal: AbortSignal): Promise<{ instance: ContainerInstance; sample: ColdStartSample }> {
  const { cell } = run;
  const baseUrl = `http://127.0.0.1:${start.listening.port}`;
  const events = probe.lines[Symbol.asyncIterator]();
  const next = async (): Promise<ProbeEvent | null> => {
    const { value, done } = await events.next();
    return done ? null : (value as ProbeEvent);
  };
  if ((await next())?.event !== 'polling') {
    throw new HarnessError(`the driver's probe did not start: ${(await probe.ended).stderr}`, { stage: 'launch', cellId: cell.id });
  }
  const launched = await launchContainer(ctx.engine, cell, start.image, { sweepId: ctx.sweepId, runId: run.runId }, start.sutCpuset, start.listening);
  const instance = new ContainerInstance(ctx.engine, launched.container, baseUrl, ctx.via);
  let exitCode: number | null = null;
  void launched.exited.then((code) => {
    exitCode = code;
    probe.stop();
  });
  const outcome = await next();
  if (outcome?.event === 'ready' && outcome.wallNs !== undefined) {
    const info = await launched.container.inspect();
    const createdWallMs = engineStampMs(info.Created);
    const startedWallMs = engineStampMs(info.State.StartedAt);
    const readyWallMs = outcome.wallNs / 1e6;
    if ((outcome.clockStepNs ?? 0) / 1e6 > MAX_CLOCK_STEP_MS) {
      await instance.remove();
      throw new HarnessError(`the engine host's wall clock stepped by ${((outcome.clockStepNs ?? 0) / 1e6).toFixed(1)} ms during the cold start, so it cannot be timed`, { stage: 'cold-start', cellId: cell.id, hint: 'run again; keep NTP from stepping the clock on the engine host (chrony makestep, for one)' });
    }
    const { firstRequestMs, timestamps } = await afterReady(cell, baseUrl, ctx.via, ctx.settings);
    const phases = timestamps ? coldStartPhasesAt(createdWallMs, readyWallMs, timestamps) : null;
    const sample: ColdStartSample = {
      verified: true,
      // A pull is timed here, from the request to the end of its progress stream: one Engine API round trip more than on the engine's host.
      totalMs: (start.pulled?.ms ?? 0) + readyWallMs - createdWallMs,
      phasesMs: {
        pull: start.pulled?.ms ?? null,
        create: null,
        start: null,
        ready: readyWallMs - startedWallMs,
        start_to_init: phases?.start_to_init ?? null,
        package_init: phases?.package_init ?? null,
        main_to_listen: phases?.main_to_listen ?? null,
        listen_to_ready: phases?.listen_to_ready ?? null,
      },
      counts: { pull_layers_cached: start.pulled?.layersCached ?? null },
      firstRequestMs,
    };
    return { instance, sample };
  }
  const logs = await lastLogLines(launched.container);
  const platform = await containerFacts(ctx.engine, launched.container, null, null).catch(() => null);
  await instance.remove();
  if (signal.aborted) throw new Interrupted();
  if (outcome === null && !ctx.driver.alive) {
    throw new HarnessError('the driver container went away during the cold start', { stage: 'cold-start', cellId: cell.id, hint: 'the engine may have restarted; the next run starts a new driver' });
  }
  const ready = exitCode !== null ? { state: 'exited' as const, exitCode } : { state: 'timeout' as const };
  throw new ColdStartFailure(whyNotReady(cell, ready, ctx.settings, 'container', logs), { cellId: cell.id, hint: NOT_READY_HINT, platform });
}

/** What the probe sends to see the workload ready: GET of its health path, or its first request where it has none. */
function healthAsk(cell: Cell) {
  const [first] = cell.workload.requests;
  return cell.workload.healthPath === null ? first : { method: 'GET', headers: {}, body: null };
}
