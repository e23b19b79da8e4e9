import { coldStartPhases, type WorkloadPhase } from '../collect/cold-start-phases.ts';
import { readStartTimestamps } from '../collect/runtime-info.ts';
import { timeRequest, waitUntilReady, type ReadyResult } from '../drive/ready.ts';
import type { Cell, RunSettings } from '../types.ts';

export interface FirstResponse {
  state: 'ready';
  /** performance.now() of the first 2xx on the health path. */
  readyAt: number;
  /** The first request to the request path after ready: where lazy initialisation is paid. */
  firstRequestMs: number | null;
  /** The workload's own start phases from `createdAt` to ready; null without its timestamps. */
  workloadPhases: Record<WorkloadPhase, number> | null;
}

/**
 * Waits for a freshly started HTTP instance (a container, a process) to answer
 * its health path with 2xx; then, outside the timed span, times its first real
 * request and reads its own start timestamps.
 */
export async function awaitFirstResponse(
  cell: Cell,
  baseUrl: string,
  opts: { createdAt: number; exited: Promise<number>; signal: AbortSignal; settings: RunSettings },
): Promise<FirstResponse | Exclude<ReadyResult, { state: 'ready' }>> {
  const ready = await waitUntilReady(baseUrl + cell.workload.healthPath, {
    timeoutMs: opts.settings.readyTimeoutSeconds * 1000,
    exited: opts.exited,
    signal: opts.signal,
  });
  if (ready.state !== 'ready') return ready;
  const firstRequestMs = await timeRequest(baseUrl + cell.workload.requestPath, opts.settings.requestTimeoutMs);
  const timestamps = await readStartTimestamps(baseUrl, cell.workload.infoPath);
  return { state: 'ready', readyAt: ready.at, firstRequestMs, workloadPhases: timestamps ? coldStartPhases(opts.createdAt, ready.at, timestamps) : null };
}

/** Why an instance never answered, for a failed cold start's message. */
export function whyNotReady(cell: Cell, ready: Exclude<ReadyResult, { state: 'ready' }>, settings: RunSettings, what: string, logs: string): string {
  const why =
    ready.state === 'exited'
      ? `the ${what} exited with code ${ready.exitCode} before answering ${cell.workload.healthPath}`
      : `no successful answer on ${cell.workload.healthPath} within ${settings.readyTimeoutSeconds} s`;
  return `${why}${logs ? `; its last output: ${logs}` : ''}`;
}

export const NOT_READY_HINT = 'the workload must listen on $PORT (and $HOST if set) and answer its healthPath with 2xx';
