import type Docker from 'dockerode';
import { runLoad } from '../drive/loadgen.ts';
import { waitUntilReady } from '../drive/ready.ts';
import { HarnessError, Interrupted } from '../errors.ts';
import { launchContainer } from '../launch/docker.ts';
import type { BuiltImage, Cell, LoadResult, RunSettings } from '../types.ts';

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
}

/** Errors above this share of requests fail a step, whatever the latency. */
const MAX_ERROR_SHARE = 0.01;

export function judgeStep(load: LoadResult, p99BoundMs: number): { passed: boolean; why: string } {
  const errors = load.requests - load.successes;
  if (load.schedule?.senderBehind) return { passed: false, why: `the sender fell behind (${Math.round(load.schedule.sentRps)} rps sent)` };
  if (errors > MAX_ERROR_SHARE * load.requests) return { passed: false, why: `${errors} of ${load.requests} requests failed` };
  const p99Ms = load.latency.p99Us / 1000;
  if (!(p99Ms <= p99BoundMs)) return { passed: false, why: `p99 ${p99Ms.toFixed(1)} ms > ${p99BoundMs} ms` };
  return { passed: true, why: `p99 ${p99Ms.toFixed(1)} ms` };
}

/**
 * The highest open-loop rate whose p99 stays under the bound, for one cell:
 * doubling from startRps until a step fails, then bisecting. One container
 * serves every step, warmed up once; each step is a measured window.
 */
export async function findKnee(
  docker: Docker,
  cell: Cell,
  image: BuiltImage,
  ctx: { loadgen: string; sweepId: string; settings: RunSettings; signal: AbortSignal; onStep: (step: KneeStep) => void },
  opts: KneeOptions,
): Promise<{ kneeRps: number | null; steps: KneeStep[] }> {
  const instance = await launchContainer(docker, cell, image, { sweepId: ctx.sweepId, runId: `${cell.id}#knee` });
  const steps: KneeStep[] = [];
  try {
    const ready = await waitUntilReady(instance.baseUrl + cell.workload.healthPath, {
      timeoutMs: ctx.settings.readyTimeoutSeconds * 1000,
      exited: instance.exited,
      signal: ctx.signal,
    });
    if (ready.state !== 'ready') throw new HarnessError(`the container did not become ready (${ready.state})`, { stage: 'cold-start', cellId: cell.id });
    const step = async (rps: number, warmupSeconds: number) => {
      const load = await runLoad({
        loadgen: ctx.loadgen,
        url: instance.baseUrl + cell.workload.requestPath,
        connections: cell.concurrency,
        rps,
        warmupSeconds,
        durationSeconds: ctx.settings.durationSeconds,
        requestTimeoutMs: ctx.settings.requestTimeoutMs,
        signal: ctx.signal,
      });
      if (ctx.signal.aborted) throw new Interrupted();
      const result = { rps, ...judgeStep(load, opts.p99BoundMs), load };
      steps.push(result);
      ctx.onStep(result);
      return result.passed;
    };
    let good: number | null = null;
    let bad: number | null = null;
    for (let rps = opts.startRps; rps <= opts.maxRps; rps *= 2) {
      if (await step(rps, steps.length === 0 ? ctx.settings.warmupSeconds : 0)) good = rps;
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
    return { kneeRps: good, steps };
  } finally {
    await instance.remove();
  }
}
