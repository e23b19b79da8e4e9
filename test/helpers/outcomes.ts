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
    image: { workload: cell.workload.name, build: { tags: [], strip: false, trimpath: true, go: null, base: 'scratch', upx: false, padBytes: 0 }, tag: 'gosweep/hello:abc', imageId: 'sha256:1', binaryBytes: 8_000_000, imageBytes: 8_000_000, goVersion: 'go1.26.8', cached: true, pushed: null },
    coldStarts: [
      { pullMs: null, pullLayersCached: null, createMs: 10, startMs: 80, readyMs: 5, totalMs: 95, phases: null, firstRequestMs: null },
      { pullMs: null, pullLayersCached: null, createMs: 12, startMs: 90, readyMs: 3, totalMs: 105, phases: null, firstRequestMs: null },
      { pullMs: null, pullLayersCached: null, createMs: 11, startMs: 85, readyMs: 4, totalMs: 100.1234, phases: { startToInitMs: 80, packageInitMs: 1, mainToListenMs: 0.5, listenToReadyMs: 7.6234 }, firstRequestMs: 2 },
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
      driverLimited: false,
      histogram: 'HISTFAKE',
    },
    container: { cpuPeriods: 20, cpuThrottledPeriods: 5, cpuThrottledMs: 120.5, cpuUsageMs: 900, memoryPeakBytes: 7_000_000, oomKills: 0, oomKilled: false, exitCode: null, restartCount: 0 },
    runtime: { goVersion: 'go1.26.8', gomaxprocs: 2, numCpu: 2, gomemlimitBytes: null, numGc: 3, gcPauseTotalNs: 1000, heapInuseBytes: 100, numGoroutine: 4, startUnixNano: 1 },
    runtimeAfter: { goVersion: 'go1.26.8', gomaxprocs: 2, numCpu: 2, gomemlimitBytes: null, numGc: 10, gcPauseTotalNs: 2_501_000, heapInuseBytes: 200, numGoroutine: 12, startUnixNano: 1 },
  };
}

export function failedOutcome(cell: Cell, repetition: number): RunOutcome {
  return {
    state: 'failed',
    run: { runId: `${cell.id}#${repetition}`, cell, repetition, order: repetition },
    cpus: { sutCpuset: null, driverCpuset: null, reason: 'not run' },
    startedAt: '2026-11-22T10:00:00.000Z',
    image: null,
    coldStarts: [],
    stage: 'cold-start',
    error: 'the container exited with code 3 before answering /healthz',
    container: null,
  };
}
