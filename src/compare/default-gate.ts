/**
 * The limits compare gates on when neither the matrix's `gate:` nor
 * --threshold sets one for a metric (--no-default-gate turns them off). A
 * change fails only when it is also significant (Mann-Whitney U, p < 0.05),
 * so each limit is an effect size worth failing a build for, not a noise band.
 */
export const DEFAULT_GATE: Record<string, string> = {
  // Latency percentiles: a tenth slower is a change users of a service notice,
  // and stays above the run-to-run spread of a quiet host (summary.csv calls a
  // cell noisy only past 10% variation).
  p50: '+10%',
  p99: '+10%',
  p999: '+10%',
  // Throughput is averaged over the whole window, so it is steadier than tail
  // latency: a 5% drop is already real capacity lost.
  rps: '-5%',
  // Cold start (about 90 ms for a container here): 10% is 9 ms, far above the
  // 1 ms poll resolution, and a start cost a serverless user pays every time.
  cold_start: '+10%',
  pull: '+10%',
  // Peak memory decides OOM kills at a fixed limit; a tenth more is headroom lost.
  memory: '+10%',
  // Sizes do not vary between runs, so any growth is real; 5% is a new dependency, not a rounding.
  binary: '+5%',
  image: '+5%',
  // No default for throttled: its baseline is often 0, where a relative limit
  // means nothing, and its effect already shows in p99 and rps.
};
