/** The load generator counts as the limit at this share of the cores it may use. */
export const DRIVER_BUSY_SHARE = 0.8;
/** The host counts as nearly saturated from this share of all its CPU time. */
export const HOST_BUSY_SHARE = 0.8;
/** A workload using under this share of the cores it may use was not held back by its limits. */
export const SUT_QUOTA_SHARE = 0.9;

export interface LimitFacts {
  driverCpuCores: number;
  driverMaxCores: number;
  hostCpuBusy: number | null;
  hostCpus: number;
  /** CPU the workload used in the window, in cores. */
  sutCpuCores: number | null;
  /** The container's --cpus, or null without a limit. */
  sutQuotaCores: number | null;
  /** The workload's GOMAXPROCS, which also caps the cores it can use; null where unknown. */
  sutGomaxprocs: number | null;
}

/** The most cores the workload could use: its CPU quota, its GOMAXPROCS or the host's CPUs, whichever is least. */
export function allowedCores(f: LimitFacts): number {
  return Math.min(f.sutQuotaCores ?? f.hostCpus, f.sutGomaxprocs ?? f.hostCpus, f.hostCpus);
}

/** Idle cores of the host over the window; null where unknown. */
export function idleCores(f: LimitFacts): number | null {
  return f.hostCpuBusy === null ? null : (1 - f.hostCpuBusy) * f.hostCpus;
}

/** The generator itself ran out of cores. */
export function isGeneratorLimited(f: LimitFacts): boolean {
  return f.driverCpuCores >= DRIVER_BUSY_SHARE * f.driverMaxCores;
}

/**
 * The shared host, not the workload's own limits, held it back: the host was
 * nearly saturated, the workload used clearly less than it could, and the host
 * had fewer idle cores than the workload left unused, so it could not have had them.
 */
export function isHostLimited(f: LimitFacts): boolean {
  const idle = idleCores(f);
  if (idle === null || f.sutCpuCores === null || f.hostCpuBusy === null) return false;
  const allowed = allowedCores(f);
  return f.hostCpuBusy >= HOST_BUSY_SHARE && f.sutCpuCores < SUT_QUOTA_SHARE * allowed && idle < allowed - f.sutCpuCores;
}

/** True when the result reflects the load generator or the shared host rather than the workload's own limits. */
export function isDriverLimited(f: LimitFacts): boolean {
  return isGeneratorLimited(f) || isHostLimited(f);
}
