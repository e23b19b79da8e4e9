/** Memory counts as at the limit from this share of it. */
export const AT_LIMIT_SHARE = 0.99;

export interface StallFacts {
  /** The container's --memory, or null without a limit. */
  limitBytes: number | null;
  peakBytes: number | null;
  oomKilled: boolean | null;
  /** Successful responses in the measured window. */
  successes: number;
}

/**
 * True when the workload reached its memory limit, was not OOM-killed, and
 * answered nothing: the kernel kept reclaiming (page cache, the binary's own
 * pages) instead of killing, so the service hung rather than restarted.
 */
export function isMemoryStalled(f: StallFacts): boolean {
  if (f.limitBytes === null || f.peakBytes === null || f.oomKilled !== false) return false;
  return f.successes === 0 && f.peakBytes >= AT_LIMIT_SHARE * f.limitBytes;
}
