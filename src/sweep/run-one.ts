import { failpoint } from '../failpoints.ts';
import { ColdStartFailure, errorMessage, HarnessError, Interrupted } from '../errors.ts';
import type { Deployment, Instance, Target } from '../targets/index.ts';
import type { ColdStartSample, PlannedRun, PlatformFacts, RunOutcome } from '../types.ts';
import { measureWindow, type DriveContext } from './measure.ts';

/**
 * Runs one repetition of a cell: N cold starts of fresh instances, then load
 * on the last one, with the platform's counters around the measured window.
 * Returns null when interrupted, so the run is redone on --resume instead of
 * recorded half-done. Every instance is removed before this returns.
 */
export async function runOne(run: PlannedRun, target: Target, deployment: Deployment, ctx: DriveContext): Promise<RunOutcome | null> {
  const { cell } = run;
  const placement = target.placement(cell);
  const base = { run, cpus: placement, startedAt: new Date().toISOString(), artifact: deployment.artifact, coldStarts: [] as ColdStartSample[] };
  let instance: Instance | null = null;
  const startedAt = performance.now();
  try {
    for (let i = 0; i < Math.max(1, ctx.settings.coldStarts); i++) {
      await instance?.remove();
      instance = null;
      const started = await deployment.coldStart(run, placement, ctx.signal);
      instance = started.instance;
      failpoint('cold-start');
      if (i < ctx.settings.coldStarts) base.coldStarts.push(started.sample);
    }
    const coldStartLoopMs = performance.now() - startedAt;
    const live = instance as Instance;
    const window = await measureWindow(live, cell, ctx, { rps: cell.rps, warmupSeconds: ctx.settings.warmupSeconds, placement });
    if (!window) return null;
    const teardownStartedAt = performance.now();
    instance = null;
    await live.remove();
    const { collectMs, ...measured } = window;
    const coldStartsMs = base.coldStarts.reduce((sum, s) => sum + s.totalMs, 0);
    const { timing } = window.load;
    const timings = {
      wallMs: performance.now() - startedAt,
      coldStartsMs,
      coldStartOverheadMs: coldStartLoopMs - coldStartsMs,
      warmupMs: ctx.settings.warmupSeconds * 1000,
      windowMs: timing.windowMs,
      loadgenOverheadMs: timing.startupMs + timing.drainMs,
      collectMs,
      teardownMs: performance.now() - teardownStartedAt,
    };
    return { ...base, state: 'completed', ...measured, timings };
  } catch (err) {
    if (ctx.signal.aborted || err instanceof Interrupted) return null;
    const platform: PlatformFacts | null = err instanceof ColdStartFailure ? err.platform : ((await instance?.facts().catch(() => null)) ?? null);
    const stage = err instanceof HarnessError ? err.stage : 'drive';
    return { ...base, state: 'failed', stage, error: errorMessage(err), platform };
  } finally {
    // An instance that will not go is retried by removeAll at the end; it must not cost the run its result.
    await instance?.remove().catch(() => undefined);
  }
}
