import { readRuntimeFacts } from '../collect/runtime-info.ts';
import { requestsAfterIdle } from '../drive/after-idle.ts';
import { runLoad } from '../drive/loadgen.ts';
import { HarnessError } from '../errors.ts';
import { failpoint } from '../failpoints.ts';
import { judgeRun } from '../summarize/run-flags.ts';
import type { Instance } from '../targets/index.ts';
import type { AfterIdle, Cell, CpuPlacement, LoadResult, PlatformFacts, RunFlags, RunSettings, RuntimeFacts, Vantage } from '../types.ts';

/** What the run path needs besides the target: the load generator and the host it shares. */
export interface DriveContext {
  /** Requests and load from this machine (drive/here.ts); an instance may name another vantage. */
  here: Vantage;
  settings: RunSettings;
  signal: AbortSignal;
}

export interface Window {
  load: LoadResult;
  flags: RunFlags;
  /** Reading the Go runtime's and the platform's facts, in ms. */
  collectMs: number;
  platform: PlatformFacts;
  /** Sampled before the warm-up. */
  runtime: RuntimeFacts | null;
  /** Sampled after the measured window (and the requests after idle). */
  runtimeAfter: RuntimeFacts | null;
  afterIdle: AfterIdle | null;
}

/**
 * One measured window on a running instance: what the Go runtime saw, the
 * load (warm-up, then the window, with the platform's counters read at its
 * edges), the requests after idle gaps where the cell has them, then what the
 * platform did, and the run's flags. Returns null when interrupted.
 */
export async function measureWindow(
  instance: Instance,
  cell: Cell,
  ctx: DriveContext,
  opts: { rps: number | null; warmupSeconds: number; placement: CpuPlacement },
): Promise<Window | null> {
  const collectStartedAt = performance.now();
  const via = instance.via ?? ctx.here;
  const [first] = cell.workload.requests;
  const loadUrl = instance.baseUrl + first.path;
  const infoHeaders = async () => (cell.workload.infoPath && instance.headersFor ? instance.headersFor(instance.baseUrl + cell.workload.infoPath) : {});
  const runtime = await readRuntimeFacts(via, instance.baseUrl, cell.workload.infoPath, await infoHeaders());
  const headers = (await instance.headersFor?.(loadUrl)) ?? {};
  let collectMs = performance.now() - collectStartedAt;
  const load = await runLoad({
    via,
    url: loadUrl,
    headers,
    requests: cell.workload.requests,
    connections: cell.concurrency,
    rps: opts.rps,
    warmupSeconds: opts.warmupSeconds,
    durationSeconds: ctx.settings.durationSeconds,
    requestTimeoutMs: ctx.settings.requestTimeoutMs,
    signal: ctx.signal,
    cpuset: opts.placement.driverCpuset,
    ...(instance.countHeader ? { countHeader: instance.countHeader } : {}),
    onWindow: (edge) => {
      if (edge === 'start') failpoint('window');
      return instance.markWindow(edge);
    },
  });
  if (ctx.signal.aborted) return null;
  const gapSeconds = cell.idleGapSeconds;
  const afterIdle =
    gapSeconds === null
      ? null
      : await requestsAfterIdle(loadUrl, {
          gapSeconds,
          count: ctx.settings.idleProbes,
          via,
          ask: first,
          headers: async () => (await instance.headersFor?.(loadUrl)) ?? {},
          // Time for a whole cold start, where the platform scaled to zero.
          timeoutMs: ctx.settings.readyTimeoutSeconds * 1000 + ctx.settings.requestTimeoutMs,
          signal: ctx.signal,
        });
  if (ctx.signal.aborted) return null;
  const collectAgainAt = performance.now();
  const runtimeAfter = await readRuntimeFacts(via, instance.baseUrl, cell.workload.infoPath, await infoHeaders());
  let platform: PlatformFacts;
  try {
    platform = await instance.facts();
  } catch (err) {
    throw new HarnessError(`cannot read what the platform did: ${(err as Error).message}`, { stage: 'collect', cellId: cell.id, cause: err });
  }
  collectMs += performance.now() - collectAgainAt;
  return { load, flags: judgeRun({ cell, load, platform, runtime, hostCpus: via.hostCpus }), collectMs, platform, runtime, runtimeAfter, afterIdle };
}
