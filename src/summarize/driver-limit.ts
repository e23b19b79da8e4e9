/** The load generator counts as the limit at this share of the cores it may use. */
export const DRIVER_BUSY_SHARE = 0.8;
/** The host counts as saturated at this share of all its CPU time. */
export const HOST_BUSY_SHARE = 0.9;
/** A workload using under this share of its CPU quota was not held back by the quota. */
export const SUT_QUOTA_SHARE = 0.9;

export interface LimitFacts {
  driverCpuCores: number;
  driverMaxCores: number;
  hostCpuBusy: number | null;
  hostCpus: number;
  /** CPU the workload's container used in the window, in cores. */
  sutCpuCores: number | null;
  /** The container's --cpus, or null without a limit. */
  sutQuotaCores: number | null;
  /** The workload's GOMAXPROCS, which also caps the cores it can use; null where unknown. */
  sutGomaxprocs: number | null;
}

/**
 * True when the result reflects the load generator or the shared host rather
 * than the workload's own limits: the generator ran out of cores, or the host
 * was saturated while the workload stayed under what it could use (its CPU
 * quota, its GOMAXPROCS, the host's CPUs, whichever is least).
 */
export function isDriverLimited(f: LimitFacts): boolean {
  if (f.driverCpuCores >= DRIVER_BUSY_SHARE * f.driverMaxCores) return true;
  if (f.hostCpuBusy === null || f.sutCpuCores === null) return false;
  const quota = Math.min(f.sutQuotaCores ?? f.hostCpus, f.sutGomaxprocs ?? f.hostCpus, f.hostCpus);
  return f.hostCpuBusy >= HOST_BUSY_SHARE && f.sutCpuCores < SUT_QUOTA_SHARE * quota;
}
