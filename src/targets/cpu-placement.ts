import type { CpuPlacement } from '../types.ts';

/** Below this many host CPUs, pinning would take too much from the workload. */
export const MIN_HOST_CPUS_TO_ISOLATE = 4;

/**
 * Gives the load generator CPU 0 and the workload the rest, when the host has
 * enough CPUs that the workload keeps its whole quota. Pinning narrows the
 * workload's affinity mask, and so its runtime.NumCPU(): both are recorded.
 */
export function planCpuIsolation(hostCpus: number, cellCpus: number | null, enabled: boolean): CpuPlacement {
  if (!enabled) return { sutCpuset: null, driverCpuset: null, reason: 'off (run.isolateDriver: false)' };
  if (hostCpus < MIN_HOST_CPUS_TO_ISOLATE) return { sutCpuset: null, driverCpuset: null, reason: `not pinned: the host has ${hostCpus} CPUs, fewer than ${MIN_HOST_CPUS_TO_ISOLATE}` };
  if (Math.ceil(cellCpus ?? hostCpus) > hostCpus - 1) return { sutCpuset: null, driverCpuset: null, reason: `not pinned: the workload may use ${cellCpus ?? hostCpus} of ${hostCpus} CPUs` };
  return { sutCpuset: `1-${hostCpus - 1}`, driverCpuset: '0', reason: 'pinned: load generator on CPU 0, workload on the rest' };
}
