import fs from 'node:fs';
import { readMemoryPeakV2 } from './cgroup-stats.ts';

/**
 * Lambda freezes an environment's processes between invokes. The cgroup v1
 * freezer does it in microseconds by a write to the container's cgroup
 * (`docker pause` does the same through the engine, in milliseconds).
 */
export interface Freezer {
  /** How it freezes, or why it cannot: a fact for meta.json. */
  readonly how: string;
  freeze(): void;
  thaw(): void;
}

/** A full container id: anything else would name a parent cgroup, shared by every container. */
const isContainerId = (id: string) => /^[0-9a-f]{64}$/.test(id);

const V1_ROOTS = ['/sys/fs/cgroup/freezer/docker', '/sys/fs/cgroup/freezer/system.slice'];

/** Freezes nothing: an environment's freezer until its container exists. */
export const NO_FREEZER: Freezer = { how: 'unavailable: no container yet', freeze() {}, thaw() {} };

/** The freezer of a container, or one that does nothing and says why. Never the parent's: that would freeze every container. */
export function freezerOf(containerId: string): Freezer {
  if (!isContainerId(containerId)) return NO_FREEZER;
  const file = V1_ROOTS.map((root) => `${root}/${root.endsWith('system.slice') ? `docker-${containerId}.scope` : containerId}/freezer.state`).find((f) => fs.existsSync(f));
  if (!file) return { how: 'unavailable: no cgroup v1 freezer for the container (processes run between invokes)', freeze() {}, thaw() {} };
  const write = (state: 'FROZEN' | 'THAWED') => {
    try {
      fs.writeFileSync(file, state);
    } catch {
      // The container is gone: nothing to freeze.
    }
  };
  return { how: 'cgroup v1 freezer', freeze: () => write('FROZEN'), thaw: () => write('THAWED') };
}

const MEMORY_V1_ROOTS = ['/sys/fs/cgroup/memory/docker', '/sys/fs/cgroup/memory/system.slice'];

/** The container's peak memory so far (cgroup v1 max_usage_in_bytes, or v2 memory.peak); null where unreadable. */
export function memoryPeakBytes(containerId: string): number | null {
  if (!isContainerId(containerId)) return null;
  for (const root of MEMORY_V1_ROOTS) {
    try {
      return Number(fs.readFileSync(`${root}/${root.endsWith('system.slice') ? `docker-${containerId}.scope` : containerId}/memory.max_usage_in_bytes`, 'utf8').trim());
    } catch {
      // Not this layout.
    }
  }
  return readMemoryPeakV2(containerId);
}

/** A container's CFS counters (cgroup v1 cpu.stat), cumulative. */
export interface CpuStat {
  periods: number;
  throttledPeriods: number;
  throttledNs: number;
}

const CPU_V1_ROOTS = ['/sys/fs/cgroup/cpu,cpuacct/docker', '/sys/fs/cgroup/cpu/docker'];

/** The container's CFS counters; null where unreadable (cgroup v2 keeps them elsewhere, a remote engine hides them). */
export function cpuStat(containerId: string): CpuStat | null {
  if (!isContainerId(containerId)) return null;
  for (const root of CPU_V1_ROOTS) {
    try {
      const text = fs.readFileSync(`${root}/${containerId}/cpu.stat`, 'utf8');
      const field = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      return { periods: field('nr_periods'), throttledPeriods: field('nr_throttled'), throttledNs: field('throttled_time') };
    } catch {
      // Not this layout.
    }
  }
  return null;
}

const CFS_PERIOD_US = 100_000;
/** Docker's smallest --cpus: 0.01 of a core. */
export const MIN_CPUS = 0.01;

/**
 * Sets a running container's CPU quota (cgroup v1 cpu.cfs_quota_us) to `cpus`
 * cores, or removes it with null, in microseconds where `docker update` takes
 * tens of ms. False where the file is not there (cgroup v2, a remote engine).
 */
export function setCpuQuota(containerId: string, cpus: number | null): boolean {
  if (!isContainerId(containerId)) return false;
  const quota = cpus === null ? -1 : Math.max(1000, Math.round(cpus * CFS_PERIOD_US));
  for (const root of CPU_V1_ROOTS) {
    try {
      fs.writeFileSync(`${root}/${containerId}/cpu.cfs_quota_us`, String(quota));
      return true;
    } catch {
      // Not this layout.
    }
  }
  return false;
}
