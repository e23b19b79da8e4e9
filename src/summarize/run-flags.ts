import type { Cell, LoadResult, OpenLoopSchedule, PlatformFacts, RunFlags, RuntimeFacts } from '../types.ts';
import { DRIVER_BUSY_SHARE, HOST_BUSY_SHARE, isDriverLimited } from './driver-limit.ts';
import { isMemoryStalled } from './memory-stall.ts';

/** A sender sending under this share of its target, or later than this at p99, is behind. */
export const BEHIND_SEND_SHARE = 0.99;
export const BEHIND_LAG_P99_US = 10_000;

/** True when an open-loop sender could not keep its schedule: the rate asked for was not applied. */
export function isSenderBehind(s: OpenLoopSchedule): boolean {
  return s.sentRps < s.targetRps * BEHIND_SEND_SHARE || s.sendLagP99Us > BEHIND_LAG_P99_US;
}

/**
 * Every flag of a run, judged in one place from what was measured: the load,
 * what the platform did and what the Go runtime saw.
 */
export function judgeRun(f: { cell: Cell; load: LoadResult; platform: PlatformFacts; runtime: RuntimeFacts | null; hostCpus: number }): RunFlags {
  const { cell, load, platform } = f;
  const sutCpuCores = platform.cpuUsageMs === null ? null : platform.cpuUsageMs / 1000 / load.durationS;
  const driverLimited = isDriverLimited({ ...load, hostCpus: f.hostCpus, sutCpuCores, sutQuotaCores: cell.cpus, sutGomaxprocs: f.runtime?.gomaxprocs ?? null });
  const memoryStalled = isMemoryStalled({ limitBytes: cell.memoryBytes, peakBytes: platform.memoryPeakBytes, oomKilled: platform.oomKilled, successes: load.successes });
  const senderBehind = load.schedule ? isSenderBehind(load.schedule) : null;
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  const reasons = [
    driverLimited && load.driverCpuCores >= DRIVER_BUSY_SHARE * load.driverMaxCores
      ? `driver-limited: the load generator used ${load.driverCpuCores.toFixed(2)} of its ${load.driverMaxCores} cores (>= ${pct(DRIVER_BUSY_SHARE)})`
      : driverLimited
        ? `driver-limited: the host was ${pct(load.hostCpuBusy ?? 0)} busy (>= ${pct(HOST_BUSY_SHARE)}) while the workload used ${sutCpuCores?.toFixed(2)} cores, under what it could use`
        : '',
    memoryStalled ? `memory-stalled: at ${platform.memoryPeakBytes} of ${cell.memoryBytes} bytes, not killed, no answer` : '',
    senderBehind && load.schedule ? `sender-behind: sent ${load.schedule.sentRps.toFixed(1)} of ${load.schedule.targetRps} rps, send lag p99 ${(load.schedule.sendLagP99Us / 1000).toFixed(1)} ms` : '',
  ].filter(Boolean);
  return { driverLimited, memoryStalled, senderBehind, reasons };
}
