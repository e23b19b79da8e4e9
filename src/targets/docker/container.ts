import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { HarnessError } from '../../errors.ts';
import type { Cell } from '../../types.ts';
import { listenOn, type Listening } from '../listen.ts';
import { containerLabels } from './labels.ts';
import { remove, track } from './live-containers.ts';

/** What a container is started with: image, env and limits. */
export interface ContainerSpec {
  image: string;
  env: Record<string, string>;
  /** Replaces the image's CMD (its ENTRYPOINT stays); empty keeps it. */
  args?: string[];
  cpus: number | null;
  memoryBytes: number | null;
  cpuset: string | null;
  /** Restart after a crash or an OOM kill, as a serverless platform would; off where a dead instance is the platform's to replace. */
  restart: boolean;
  /** Names the container in errors: a cell's label. */
  what: string;
  cellId?: string;
}

/** A started container, reachable on loopback (host network). */
export interface StartedContainer {
  container: Docker.Container;
  /** performance.now() just before the create request. */
  createRequestedAt: number;
  createdAt: number;
  startRequestedAt: number;
  startedAt: number;
  /** Resolves when the container exits, with its exit code. */
  exited: Promise<number>;
  remove(): Promise<void>;
}

/** A started container of one cell, with the URL it listens on. */
export interface LaunchedContainer extends StartedContainer {
  baseUrl: string;
}

/** NanoCpus is `--cpus`: quota = cpus × the 100 ms CFS period. */
function hostConfig(spec: ContainerSpec): Docker.HostConfig {
  return {
    NetworkMode: 'host',
    ...(spec.cpuset !== null && { CpusetCpus: spec.cpuset }),
    ...(spec.cpus !== null && { NanoCpus: Math.round(spec.cpus * 1e9) }),
    // MemorySwap equal to Memory: no swap, as in --memory X --memory-swap X.
    ...(spec.memoryBytes !== null && { Memory: spec.memoryBytes, MemorySwap: spec.memoryBytes }),
    LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } },
    ...(spec.restart && { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 1000 } }),
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
  listening?: Listening,
): Promise<LaunchedContainer> {
  const { port, env: listenEnv, args } = listening ?? (await listenOn(cell.workload));
  const env = { ...cell.env, ...listenEnv };
  const spec = { image: imageRef, env, args, cpus: cell.cpus, memoryBytes: cell.memoryBytes, cpuset, restart: true, what: cell.label, cellId: cell.id };
  return { ...(await startContainer(docker, spec, ids)), baseUrl: `http://127.0.0.1:${port}` };
}

/** Creates and starts a container on the host network, labelled for the sweep and tracked until removed. */
export async function startContainer(docker: Docker, spec: ContainerSpec, ids: { sweepId: string; runId: string }): Promise<StartedContainer> {
  const createRequestedAt = performance.now();
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      Image: spec.image,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      ...(spec.args?.length && { Cmd: spec.args }),
      Labels: containerLabels(ids.sweepId, ids.runId),
      HostConfig: hostConfig(spec),
    });
  } catch (err) {
    throw new HarnessError(`cannot create a container for ${spec.what}: ${(err as Error).message}`, {
      stage: 'launch',
      cellId: spec.cellId,
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
    throw new HarnessError(`cannot start the container for ${spec.what}: ${(err as Error).message}`, {
      stage: 'launch',
      cellId: spec.cellId,
      cause: err,
    });
  }
  return {
    container,
    createRequestedAt,
    createdAt,
    startRequestedAt,
    startedAt: performance.now(),
    exited,
    remove: () => remove(container),
  };
}
