import type { Cell, LoadResult, OpenLoopSchedule, PlatformFacts, RunFlags, RuntimeFacts } from '../types.ts';
import { allowedCores, DRIVER_BUSY_SHARE, idleCores, isGeneratorLimited, isHostLimited, type LimitFacts } from './driver-limit.ts';
import { isMemoryStalled } from './memory-stall.ts';

/** Other processes using this many cores in the window make a run contended: on a quiet 2-core host here they used 0.01 to 0.04. */
export const CONTENDED_OTHER_CORES = 0.15;

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
  const limits: LimitFacts = { ...load, hostCpus: f.hostCpus, sutCpuCores, sutQuotaCores: cell.cpus, sutGomaxprocs: f.runtime?.gomaxprocs ?? null };
  const generatorLimited = isGeneratorLimited(limits);
  const hostLimited = isHostLimited(limits);
  const memoryStalled = isMemoryStalled({ limitBytes: cell.memoryBytes, peakBytes: platform.memoryPeakBytes, oomKilled: platform.oomKilled, successes: load.successes });
  const unanswered = load.successes === 0 && platform.oomKilled !== true && !memoryStalled;
  const senderBehind = load.schedule ? isSenderBehind(load.schedule) : null;
  // Our own emulator or proxy is one Node event loop: one core at most.
  const proxyCores = platform.proxyCpuCores ?? 0;
  const proxyLimited = proxyCores >= DRIVER_BUSY_SHARE;
  const otherCpuCores = load.hostCpuBusy === null || sutCpuCores === null ? null : Math.max(0, load.hostCpuBusy * f.hostCpus - load.driverCpuCores - sutCpuCores - proxyCores);
  const contended = otherCpuCores !== null && otherCpuCores >= CONTENDED_OTHER_CORES;
  const cores = (v: number | null) => (v === null ? '?' : v.toFixed(2));
  const reasons = [
    generatorLimited ? `driver-limited: the load generator used ${cores(load.driverCpuCores)} of its ${load.driverMaxCores} cores` : '',
    proxyLimited ? `driver-limited: our emulator's data path used ${cores(proxyCores)} of its one core` : '',
    hostLimited
      ? `host-limited: the workload could use ${cores(allowedCores(limits))} cores and used ${cores(sutCpuCores)}, while the host had ${cores(idleCores(limits))} idle (load generator ${cores(load.driverCpuCores)}, other processes ${cores(otherCpuCores)})`
      : '',
    contended ? `contended: other processes used ${cores(otherCpuCores)} cores during the window` : '',
    unanswered ? `unanswered: none of ${load.requests} requests succeeded (timeouts ${load.errors.timeout}, connection ${load.errors.connection}, http ${load.errors.http}, other ${load.errors.other})` : '',
    memoryStalled ? `memory-stalled: at ${platform.memoryPeakBytes} of ${cell.memoryBytes} bytes, not killed, no answer` : '',
    senderBehind && load.schedule ? `sender-behind: sent ${load.schedule.sentRps.toFixed(1)} of ${load.schedule.targetRps} rps, send lag p99 ${(load.schedule.sendLagP99Us / 1000).toFixed(1)} ms` : '',
  ].filter(Boolean);
  return { driverLimited: generatorLimited || hostLimited || proxyLimited, memoryStalled, unanswered, senderBehind, contended, otherCpuCores, reasons };
}
