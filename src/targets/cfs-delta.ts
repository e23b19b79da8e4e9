/** Cumulative CFS counters of one instance (cgroup cpu.stat). */
export interface CfsCounters {
  periods: number;
  throttledPeriods: number;
  throttledNs: number;
}

/** CFS counters over a window, summed over instances by id: one that started inside it counts from zero. */
export function cfsDelta(start: ReadonlyMap<string, CfsCounters>, end: ReadonlyMap<string, CfsCounters>): { periods: number; throttledPeriods: number; throttledMs: number } {
  const sum = { periods: 0, throttledPeriods: 0, throttledMs: 0 };
  for (const [id, after] of end) {
    const before = start.get(id) ?? { periods: 0, throttledPeriods: 0, throttledNs: 0 };
    sum.periods += after.periods - before.periods;
    sum.throttledPeriods += after.throttledPeriods - before.throttledPeriods;
    sum.throttledMs += (after.throttledNs - before.throttledNs) / 1e6;
  }
  return sum;
}
