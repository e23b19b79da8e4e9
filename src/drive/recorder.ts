import { performance } from 'node:perf_hooks';
import { encodeHistogram, latencyHistogram, summarizeLatency } from '../summarize/latency.ts';
import type { LoadResult, OpenLoopSchedule } from '../types.ts';
import { classifyError, emptyErrorCounts } from './request-errors.ts';

/**
 * Counts requests of the measured window and records each latency, from the
 * moment the request was sent (closed loop) or meant to be sent (open loop).
 */
export class LoadRecorder {
  readonly histogram = latencyHistogram();
  readonly errors = emptyErrorCounts();
  requests = 0;
  successes = 0;
  lastCompletion = 0;

  success(fromMs: number, status: number): void {
    this.requests++;
    this.lastCompletion = performance.now();
    if (status < 400) {
      this.successes++;
      this.histogram.recordValue(Math.max(1, Math.round((this.lastCompletion - fromMs) * 1000)));
    } else this.errors.http++;
  }

  failure(err: unknown): void {
    this.requests++;
    this.lastCompletion = performance.now();
    this.errors[classifyError(err)]++;
  }

  result(windowStart: number, usage: DriverUsage, schedule: OpenLoopSchedule | null = null): LoadResult {
    const durationS = (Math.max(this.lastCompletion, windowStart + 1) - windowStart) / 1000;
    return {
      model: schedule ? 'open' : 'closed',
      schedule,
      requests: this.requests,
      successes: this.successes,
      errors: this.errors,
      durationS,
      rps: this.successes / durationS,
      latency: summarizeLatency(this.histogram),
      driverCpuCores: usage.cpuCores,
      driverLimited: usage.limited,
      histogram: encodeHistogram(this.histogram),
    };
  }
}

export interface DriverUsage {
  cpuCores: number;
  loopDelayP99Ms: number;
  limited: boolean;
}
