import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { HarnessError } from '../../errors.ts';
import type { Cell } from '../../types.ts';
import { freePort } from '../free-port.ts';
import { containerLabels } from './labels.ts';
import { remove, track } from './live-containers.ts';

/** A started container of one cell, reachable on loopback. */
export interface LaunchedContainer {
  container: Docker.Container;
  baseUrl: string;
  /** performance.now() just before the create request. */
  createRequestedAt: number;
  createdAt: number;
  startRequestedAt: number;
  startedAt: number;
  /** Resolves when the container exits, with its exit code. */
  exited: Promise<number>;
  remove(): Promise<void>;
}

/** NanoCpus is `--cpus`: quota = cpus × the 100 ms CFS period. */
function hostConfig(cell: Cell, cpuset: string | null): Docker.HostConfig {
  return {
    NetworkMode: 'host',
    ...(cpuset !== null && { CpusetCpus: cpuset }),
    ...(cell.cpus !== null && { NanoCpus: Math.round(cell.cpus * 1e9) }),
    // MemorySwap equal to Memory: no swap, as in --memory X --memory-swap X.
    ...(cell.memoryBytes !== null && { Memory: cell.memoryBytes, MemorySwap: cell.memoryBytes }),
    LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
    // Restart after a crash or an OOM kill, as a serverless platform would.
    RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 1000 },
  };
}

/**
 * Creates and starts a container of the cell's image with its limits and env.
 * The workload listens on 127.0.0.1 of the host network, so the load never
 * leaves loopback.
 */
export async function launchContainer(
  docker: Docker,
  cell: Cell,
  imageRef: string,
  ids: { sweepId: string; runId: string },
  cpuset: string | null = null,
): Promise<LaunchedContainer> {
  const port = await freePort();
  const env = { ...cell.env, PORT: String(port), HOST: '127.0.0.1' };
  const createRequestedAt = performance.now();
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      Image: imageRef,
      Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
      Labels: containerLabels(ids.sweepId, ids.runId),
      HostConfig: hostConfig(cell, cpuset),
    });
  } catch (err) {
    throw new HarnessError(`cannot create a container for ${cell.label}: ${(err as Error).message}`, {
      stage: 'launch',
      cellId: cell.id,
      hint: 'check the cell\'s limits against "docker info" (CPUs, memory)',
      cause: err,
    });
  }
  track(container);
  const createdAt = performance.now();
  // next-exit: the default, not-running, would return at once for a created container.
  const exited = container.wait({ condition: 'next-exit' }).then((r: { StatusCode: number }) => r.StatusCode, () => -1);
  const startRequestedAt = performance.now();
  try {
    await container.start();
  } catch (err) {
    await remove(container);
    throw new HarnessError(`cannot start the container for ${cell.label}: ${(err as Error).message}`, {
      stage: 'launch',
      cellId: cell.id,
      cause: err,
    });
  }
  return {
    container,
    baseUrl: `http://127.0.0.1:${port}`,
    createRequestedAt,
    createdAt,
    startRequestedAt,
    startedAt: performance.now(),
    exited,
    remove: () => remove(container),
  };
}
