import { WORKLOAD_PHASES } from '../../collect/cold-start-phases.ts';
import type { TargetModule } from '../target.ts';
import { removeManagedContainers } from './cleanup.ts';
import { DockerTarget } from './docker-target.ts';
import { connectDocker, inspectDockerHost } from './engine-host.ts';
import { removeStaleRegistryTags } from './registry.ts';

/** Docker, on this machine or a remote engine: the reference target, with every cgroup fact. */
export const docker: TargetModule = {
  name: 'docker',
  phases: [
    { name: 'pull', doc: 'run.pull: pulling the image afresh from the sweep\'s local registry' },
    { name: 'create', doc: 'the container create call' },
    { name: 'start', doc: 'the container start call (it overlaps the workload\'s phases)' },
    { name: 'ready', doc: 'from start returning to the first successful response' },
    ...WORKLOAD_PHASES,
  ],
  counts: [{ name: 'pull_layers_cached', doc: 'run.pull: layers the pull found already in the engine; should be 0' }],
  supports: { images: true, listen: true, requests: true },
  check: () => [],
  async open(scope) {
    const engine = connectDocker();
    const target = new DockerTarget(engine, await inspectDockerHost(engine), scope);
    await target.watchEngine();
    return target;
  },
  async cleanup({ all, sweep }) {
    const engine = connectDocker();
    await inspectDockerHost(engine);
    const removed = await removeManagedContainers(engine, { onlyOrphans: !all, ...(sweep !== undefined && { sweep }) });
    const tags = await removeStaleRegistryTags(engine);
    return [...removed.map((id) => `container ${id.slice(0, 12)}`), ...tags.map((t) => `image tag ${t}`)];
  },
};

// What the local emulations (lambda-local, cloudrun-local) run their containers with.
export { startContainer, type ContainerSpec, type StartedContainer } from './container.ts';
export { connectDocker, inspectDockerHost, requireLocalEngine, type DockerHost } from './engine-host.ts';
export { lastLogLines } from './container-logs.ts';
export { cpuStat, freezerOf, memoryPeakBytes, MIN_CPUS, NO_FREEZER, setCpuQuota, type CpuStat, type Freezer } from './cgroup-files.ts';
