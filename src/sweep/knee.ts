import { Interrupted } from '../errors.ts';
import type { Deployment, Target } from '../targets/index.ts';
import { isSenderBehind } from '../summarize/run-flags.ts';
import type { LoadResult, PlannedRun, RunFlags } from '../types.ts';
import { measureWindow, type DriveContext } from './measure.ts';

export interface KneeOptions {
  p99BoundMs: number;
  startRps: number;
  maxRps: number;
  /** Refinement steps between the last passing and first failing rate. */
  bisections: number;
}

export interface KneeStep {
  rps: number;
  passed: boolean;
  why: string;
  load: LoadResult;
  flags: RunFlags;
}

/** Errors above this share of requests fail a step, whatever the latency. */
const MAX_ERROR_SHARE = 0.01;

export function judgeStep(load: LoadResult, p99BoundMs: number): { passed: boolean; why: string } {
  const errors = load.requests - load.successes;
  if (load.schedule && isSenderBehind(load.schedule)) return { passed: false, why: `the sender fell behind (${Math.round(load.schedule.sentRps)} rps sent)` };
  if (errors > MAX_ERROR_SHARE * load.requests) return { passed: false, why: `${errors} of ${load.requests} requests failed` };
  const p99Ms = load.latency.p99Us / 1000;
  if (!(p99Ms <= p99BoundMs)) return { passed: false, why: `p99 ${p99Ms.toFixed(1)} ms > ${p99BoundMs} ms` };
  return { passed: true, why: `p99 ${p99Ms.toFixed(1)} ms` };
}

/**
 * The highest open-loop rate whose p99 stays under the bound, for one cell:
 * doubling from startRps until a step fails, then bisecting. One instance
 * serves every step, warmed up once; each step is a measured window.
 */
export async function findKnee(
  run: PlannedRun,
  target: Target,
  deployment: Deployment,
  ctx: DriveContext & { onStep: (step: KneeStep) => void },
  opts: KneeOptions,
): Promise<{ kneeRps: number | null; steps: KneeStep[] }> {
  const placement = target.placement(run.cell);
  const { instance } = await deployment.coldStart(run, placement, ctx.signal);
  const steps: KneeStep[] = [];
  try {
    const step = async (rps: number, warmupSeconds: number) => {
      const window = await measureWindow(instance, run.cell, ctx, { rps, warmupSeconds, placement });
      if (!window) throw new Interrupted();
      const result = { rps, ...judgeStep(window.load, opts.p99BoundMs), load: window.load, flags: window.flags };
      steps.push(result);
      ctx.onStep(result);
      return result.passed;
    };
    return { kneeRps: await searchKnee(step, ctx.settings.warmupSeconds, opts), steps };
  } finally {
    await instance.remove();
  }
}

/** Doubles the rate from startRps until a step fails, then bisects between the last pass and the first failure. */
export async function searchKnee(step: (rps: number, warmupSeconds: number) => Promise<boolean>, warmupSeconds: number, opts: KneeOptions): Promise<number | null> {
  let good: number | null = null;
  let bad: number | null = null;
  let first = true;
  for (let rps = opts.startRps; rps <= opts.maxRps; rps *= 2) {
    const passed = await step(rps, first ? warmupSeconds : 0);
    first = false;
    if (passed) good = rps;
    else {
      bad = rps;
      break;
    }
  }
  for (let i = 0; i < opts.bisections && good !== null && bad !== null; i++) {
    const mid = Math.round((good + bad) / 2);
    if (mid === good || mid === bad) break;
    if (await step(mid, 0)) good = mid;
    else bad = mid;
  }
  return good;
}
