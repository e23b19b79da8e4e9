import { quantileSorted } from 'simple-statistics';
import { invocationCost } from '../../summarize/lambda-cost.ts';
import type { LambdaPrices } from '../../summarize/lambda-prices.ts';
import { WORKLOAD_HEADERS, type Cell, type PlatformFacts } from '../../types.ts';
import { cfsDelta } from '../cfs-delta.ts';
import type { Instance } from '../target.ts';
import { invokeWithTail } from './lambda-api.ts';
import { signedGetHeaders } from './sign-url.ts';
import type { LambdaPlatform, LocalCounters } from './platform.ts';
import { getEvent } from './function-url-event.ts';

/** Invokes in series after the window, for the platform's own duration percentiles. */
export const WARM_SERIES = 20;

interface Mark {
  at: number;
  cpuUs: number;
  counters: ReturnType<LocalCounters['counters']> | null;
  cpu: ReturnType<LocalCounters['cpuStats']> | null;
}

/** The function as it stands after a cold start: load goes to its Function URL. */
export class LambdaInstance implements Instance {
  readonly baseUrl: string;
  readonly countHeader = WORKLOAD_HEADERS.instance;
  readonly #platform: LambdaPlatform;
  readonly #name: string;
  readonly #cell: Cell;
  readonly #prices: LambdaPrices;
  readonly #marks: Partial<Record<'start' | 'end', Mark>> = {};

  constructor(platform: LambdaPlatform, name: string, url: string, cell: Cell, prices: LambdaPrices) {
    this.#prices = prices;
    this.#platform = platform;
    this.#name = name;
    this.baseUrl = url;
    this.#cell = cell;
  }

  /** The Function URL takes AWS_IAM auth: every request carries a SigV4 signature (the emulator reads none). */
  headersFor(url: string): Promise<Record<string, string>> {
    return signedGetHeaders(this.#platform.client, url);
  }

  async markWindow(edge: 'start' | 'end'): Promise<void> {
    const local = this.#platform.local;
    this.#marks[edge] = { at: performance.now(), cpuUs: local?.cpuUsageUs() ?? 0, counters: local?.counters(this.#name) ?? null, cpu: local?.cpuStats(this.#name) ?? null };
  }

  /**
   * What Lambda did: invocations, new environments and throttles in the window
   * (where the emulator counts them), then Duration over warm invokes in series.
   */
  async facts(): Promise<PlatformFacts> {
    const { start, end } = this.#marks;
    const local = this.#platform.local;
    const delta = start?.counters && end?.counters ? { invocations: end.counters.invocations - start.counters.invocations, coldStarts: end.counters.coldStarts - start.counters.coldStarts, throttles: end.counters.throttles - start.counters.throttles } : null;
    const series = await this.#warmSeries();
    const coupling = local?.coupling(this.#cell.lambda.memoryMb) ?? null;
    const throttling = start?.cpu && end?.cpu ? cfsDelta(start.cpu, end.cpu) : null;
    return {
      cpuPeriods: throttling?.periods ?? null,
      cpuThrottledPeriods: throttling?.throttledPeriods ?? null,
      cpuThrottledMs: throttling?.throttledMs ?? null,
      cpuUsageMs: null,
      memoryPeakBytes: series.maxMemoryUsedMb === null ? null : series.maxMemoryUsedMb * 1024 * 1024,
      oomKills: null,
      oomKilled: null,
      exitCode: null,
      restartCount: null,
      invocations: delta?.invocations ?? null,
      coldStartsInWindow: delta?.coldStarts ?? null,
      throttles: delta?.throttles ?? null,
      serverDurationP50Ms: series.p50,
      serverDurationP99Ms: series.p99,
      billedDurationMs: series.billedMedian,
      ...this.#cost(series.billedMedian),
      cpuLimitCores: coupling?.cpus ?? null,
      cpuCapped: coupling?.capped ?? null,
      proxyCpuCores: start && end && local ? (end.cpuUs - start.cpuUs) / 1000 / (end.at - start.at) : null,
    };
  }

  /** One invocation at the median billed duration, by the run's price table. */
  #cost(billedDurationMs: number | null): { gbSeconds: number | null; costUsdPer1m: number | null } {
    if (billedDurationMs === null) return { gbSeconds: null, costUsdPer1m: null };
    const cost = invocationCost({ memoryMb: this.#cell.lambda.memoryMb, arch: this.#cell.lambda.arch, billedDurationMs }, this.#prices);
    return { gbSeconds: cost.gbSeconds, costUsdPer1m: Math.round(cost.totalUsd * 1e6 * 1e4) / 1e4 };
  }

  async #warmSeries(): Promise<{ p50: number | null; p99: number | null; billedMedian: number | null; maxMemoryUsedMb: number | null }> {
    const durations: number[] = [];
    const billed: number[] = [];
    let maxMemoryUsedMb: number | null = null;
    const event = getEvent(this.#cell.workload.requests[0].path);
    for (let i = 0; i < WARM_SERIES; i++) {
      const { report, functionError } = await invokeWithTail(this.#platform.client, this.#name, event);
      // A failing function is not timed 20 times over: one failure ends the series.
      if (!report || functionError) break;
      durations.push(report.durationMs);
      billed.push(report.billedDurationMs);
      if (report.maxMemoryUsedMb !== null) maxMemoryUsedMb = Math.max(maxMemoryUsedMb ?? 0, report.maxMemoryUsedMb);
    }
    if (durations.length === 0) return { p50: null, p99: null, billedMedian: null, maxMemoryUsedMb };
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    return { p50: quantileSorted(sorted(durations), 0.5), p99: quantileSorted(sorted(durations), 0.99), billedMedian: quantileSorted(sorted(billed), 0.5), maxMemoryUsedMb };
  }

  /** The function stays; the next run's reconfiguration retires its environments. */
  async remove(): Promise<void> {}
}
