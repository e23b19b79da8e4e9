import fs from 'node:fs';
import type Docker from 'dockerode';

/** Cumulative cgroup counters of a container at one instant. */
export interface CgroupSnapshot {
  periods: number;
  throttledPeriods: number;
  throttledNs: number;
  cpuUsageNs: number;
  /** cgroup v1 only: the peak since the container started. */
  memoryMaxUsageBytes: number | null;
}

/** One stats sample through the Engine API (one-shot: no 1 s wait for a second sample). */
export async function snapshotCgroup(container: Docker.Container): Promise<CgroupSnapshot> {
  const stats = await container.stats({ stream: false, 'one-shot': true });
  const throttling = stats.cpu_stats?.throttling_data;
  return {
    periods: throttling?.periods ?? 0,
    throttledPeriods: throttling?.throttled_periods ?? 0,
    throttledNs: throttling?.throttled_time ?? 0,
    cpuUsageNs: stats.cpu_stats?.cpu_usage?.total_usage ?? 0,
    memoryMaxUsageBytes: stats.memory_stats?.max_usage || null,
  };
}

/**
 * cgroup v2's memory.peak, which Docker's stats omit. Readable only when the
 * engine is local; null otherwise.
 */
export function readMemoryPeakV2(containerId: string): number | null {
  const candidates = [
    `/sys/fs/cgroup/system.slice/docker-${containerId}.scope/memory.peak`,
    `/sys/fs/cgroup/docker/${containerId}/memory.peak`,
  ];
  for (const file of candidates) {
    try {
      return Number(fs.readFileSync(file, 'utf8').trim());
    } catch {
      // Not this layout.
    }
  }
  return null;
}
