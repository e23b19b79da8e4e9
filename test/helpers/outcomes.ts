import { expandCells } from '../../src/matrix/expand.ts';
import type { Cell, RunOutcome } from '../../src/types.ts';
import { matrix } from './matrix.ts';

export const cells: Cell[] = expandCells(matrix());

const latency = { count: 100, p50Us: 1000, p90Us: 2000, p99Us: 5000, p999Us: 9000, p9999Us: 9500, maxUs: 9600, meanUs: 1200.5, stddevUs: 300.25 };

export function completedOutcome(cell: Cell, repetition: number, overrides: { p99Us?: number; rps?: number } = {}): RunOutcome {
  return {
    state: 'completed',
    run: { runId: `${cell.id}#${repetition}`, cell, repetition, order: repetition },
    cpus: { sutCpuset: null, driverCpuset: null, reason: 'not pinned: the host has 2 CPUs, fewer than 4' },
    startedAt: '2026-11-22T10:00:00.000Z',
    artifact: { workload: cell.workload.name, build: { tags: [], strip: false, trimpath: true, go: null, base: 'scratch', upx: false, padBytes: 0 }, ref: 'gosweep/hello:abc', binaryBytes: 8_000_000, imageBytes: 8_000_000, pullBytes: null, goVersion: 'go1.26.8', cached: true },
    coldStarts: [
      { verified: true, totalMs: 95, phasesMs: { pull: null, create: 10, start: 80, ready: 5 }, counts: {}, firstRequestMs: null },
      { verified: true, totalMs: 105, phasesMs: { pull: null, create: 12, start: 90, ready: 3 }, counts: {}, firstRequestMs: null },
      { verified: true, totalMs: 100.1234, phasesMs: { pull: null, create: 11, start: 85, ready: 4, start_to_init: 80, package_init: 1, main_to_listen: 0.5, listen_to_ready: 7.6234 }, counts: {}, firstRequestMs: 2 },
    ],
    load: {
      model: 'closed',
      schedule: null,
      requests: 1000,
      successes: 990,
      errors: { timeout: 4, connection: 3, http: 2, other: 1 },
      durationS: 2,
      rps: overrides.rps ?? 495,
      latency: { ...latency, p99Us: overrides.p99Us ?? latency.p99Us },
      driverCpuCores: 0.3,
      driverMaxCores: 2,
      hostCpuBusy: 0.5,
      timing: { wallMs: 2600, startupMs: 40, windowMs: 2000, drainMs: 10 },
      histogram: 'HISTFAKE',
    },
    timings: { wallMs: 3100, coldStartsMs: 300.1234, coldStartOverheadMs: 150, warmupMs: 500, windowMs: 2000, loadgenOverheadMs: 50, collectMs: 20, teardownMs: 80 },
    flags: { driverLimited: false, memoryStalled: false, unanswered: false, senderBehind: null, contended: false, otherCpuCores: 0.1, reasons: [] },
    platform: { cpuPeriods: 20, cpuThrottledPeriods: 5, cpuThrottledMs: 120.5, cpuUsageMs: 900, memoryPeakBytes: 7_000_000, oomKills: 0, oomKilled: false, exitCode: null, restartCount: 0 },
    runtime: { goVersion: 'go1.26.8', gomaxprocs: 2, numCpu: 2, gomemlimitBytes: null, numGc: 3, gcPauseTotalNs: 1000, heapInuseBytes: 100, numGoroutine: 4, cgroupCpuQuota: null, cgroupCpuQuotaSource: null, startUnixNano: 1, ticks: null },
    runtimeAfter: { goVersion: 'go1.26.8', gomaxprocs: 2, numCpu: 2, gomemlimitBytes: null, numGc: 10, gcPauseTotalNs: 2_501_000, heapInuseBytes: 200, numGoroutine: 12, cgroupCpuQuota: null, cgroupCpuQuotaSource: null, startUnixNano: 1, ticks: { completed: 90, expected: 100 } },
    afterIdle: { gapSeconds: 1, samplesMs: [3, 5, 4], cold: 0, failed: 0 },
  };
}

export function failedOutcome(cell: Cell, repetition: number): RunOutcome {
  return {
    state: 'failed',
    run: { runId: `${cell.id}#${repetition}`, cell, repetition, order: repetition },
    cpus: { sutCpuset: null, driverCpuset: null, reason: 'not run' },
    startedAt: '2026-11-22T10:00:00.000Z',
    artifact: null,
    coldStarts: [],
    stage: 'cold-start',
    error: 'the container exited with code 3 before answering /health',
    platform: null,
  };
}
