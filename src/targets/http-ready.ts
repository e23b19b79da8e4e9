import { coldStartPhases, type WorkloadPhase } from '../collect/cold-start-phases.ts';
import { readStartTimestamps, type StartTimestamps } from '../collect/runtime-info.ts';
import { HERE } from '../drive/here.ts';
import { waitUntilReady, type ReadyResult } from '../drive/ready.ts';
import { readyPath, type Cell, type RunSettings, type Sender } from '../types.ts';

export interface FirstResponse {
  state: 'ready';
  /** performance.now() of the first 2xx on the health path (or the first request's, where there is none). */
  readyAt: number;
  /** The first request to the request path after ready: where lazy initialisation is paid. */
  firstRequestMs: number | null;
  /** The workload's own start phases from `createdAt` to ready; null without its timestamps. */
  workloadPhases: Record<WorkloadPhase, number> | null;
}

/**
 * Waits for a freshly started HTTP instance (a container, a process) to answer
 * its health path with 2xx, or its first request where it has none; then,
 * outside the timed span, times its first real request and reads its own
 * start timestamps.
 */
export async function awaitFirstResponse(
  cell: Cell,
  baseUrl: string,
  opts: { createdAt: number; exited: Promise<number>; signal: AbortSignal; settings: RunSettings },
): Promise<FirstResponse | Exclude<ReadyResult, { state: 'ready' }>> {
  const [first] = cell.workload.requests;
  const ready = await waitUntilReady(baseUrl + readyPath(cell.workload), {
    ask: cell.workload.healthPath === null ? first : undefined,
    timeoutMs: opts.settings.readyTimeoutSeconds * 1000,
    exited: opts.exited,
    signal: opts.signal,
  });
  if (ready.state !== 'ready') return ready;
  const { firstRequestMs, timestamps } = await afterReady(cell, baseUrl, HERE, opts.settings);
  return { state: 'ready', readyAt: ready.at, firstRequestMs, workloadPhases: timestamps ? coldStartPhases(opts.createdAt, ready.at, timestamps) : null };
}

/** Outside the timed span: the first real request, on a fresh connection, and the workload's own start timestamps. */
export async function afterReady(cell: Cell, baseUrl: string, via: Sender, settings: RunSettings): Promise<{ firstRequestMs: number | null; timestamps: StartTimestamps | null }> {
  const [first] = cell.workload.requests;
  const sent = await via.send(baseUrl + first.path, first, { timeoutMs: settings.requestTimeoutMs, maxBytes: 0, fresh: true });
  const firstRequestMs = sent && sent.status < 400 ? sent.ms : null;
  return { firstRequestMs, timestamps: await readStartTimestamps(via, baseUrl, cell.workload.infoPath) };
}

/** Why an instance never answered, for a failed cold start's message. */
export function whyNotReady(cell: Cell, ready: Exclude<ReadyResult, { state: 'ready' }>, settings: RunSettings, what: string, logs: string): string {
  const why =
    ready.state === 'exited'
      ? `the ${what} exited with code ${ready.exitCode} before answering ${readyPath(cell.workload)}`
      : `no successful answer on ${readyPath(cell.workload)} within ${settings.readyTimeoutSeconds} s`;
  return `${why}${logs ? `; its last output: ${logs}` : ''}`;
}

export const NOT_READY_HINT = 'the workload must listen where the matrix says (PORT, its portEnv, or {port} in its args) and answer its healthPath (or, without one, its request) with 2xx';
