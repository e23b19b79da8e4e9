import { costPerMillion, minInstancesUsdPerHour } from '../../summarize/cloudrun-cost.ts';
import type { CloudRunPrices } from '../../summarize/cloudrun-prices.ts';
import { WORKLOAD_HEADERS, type Cell, type PlatformFacts } from '../../types.ts';
import { instanceLimits } from './check.ts';
import { cfsDelta } from '../cfs-delta.ts';
import type { Instance } from '../target.ts';
import type { CloudRunPlatform, ServiceMark } from './platform.ts';

/** Six significant digits: a price carries no more. */
const sixDigits = (usd: number | null) => (usd === null ? null : Number(usd.toPrecision(6)));

/** Cloud Run shows a client none of these: left empty, never estimated. */
const HIDDEN: PlatformFacts = {
  cpuPeriods: null,
  cpuThrottledPeriods: null,
  cpuThrottledMs: null,
  cpuUsageMs: null,
  memoryPeakBytes: null,
  oomKills: null,
  oomKilled: null,
  exitCode: null,
  restartCount: null,
};

/**
 * A service as the load sees it: its URL, every response naming its instance.
 * On the emulator, its proxy's and control loop's counters over the window;
 * on Cloud Run, what the load itself counts (instances seen, 429s).
 */
export class CloudRunInstance implements Instance {
  readonly baseUrl: string;
  readonly countHeader = WORKLOAD_HEADERS.instance;
  readonly #platform: CloudRunPlatform;
  readonly #name: string;
  readonly #cell: Cell;
  readonly #prices: CloudRunPrices;
  #start: { at: number; mark: ServiceMark } | null = null;
  #facts: PlatformFacts | null = null;

  constructor(platform: CloudRunPlatform, name: string, uri: string, cell: Cell, prices: CloudRunPrices) {
    this.#platform = platform;
    this.#name = name;
    this.#cell = cell;
    this.#prices = prices;
    this.baseUrl = uri;
  }

  headersFor(url: string): Promise<Record<string, string>> {
    return this.#platform.requestHeaders(url);
  }

  async markWindow(edge: 'start' | 'end'): Promise<void> {
    const local = this.#platform.local;
    const limits = instanceLimits(this.#cell);
    const warm = sixDigits(minInstancesUsdPerHour(limits, this.#cell.cloudrun, this.#prices));
    if (!local) return void (this.#facts = { ...HIDDEN, minInstancesUsdPerHour: warm });
    const mark = await local.mark(this.#name);
    const at = performance.now();
    if (edge === 'start') return void (this.#start = { at, mark });
    const start = this.#start;
    const throttling = cfsDelta(start?.mark.cpu ?? new Map(), mark.cpu);
    const windowMs = start ? at - start.at : null;
    const startCpuMs = start?.mark.proxyCpuMs ?? null;
    this.#facts = {
      ...HIDDEN,
      cpuPeriods: throttling.periods,
      cpuThrottledPeriods: throttling.throttledPeriods,
      cpuThrottledMs: throttling.throttledMs,
      invocations: mark.served,
      coldStartsInWindow: mark.started,
      throttles: mark.throttled,
      queueWaitP50Ms: mark.queueWaitP50Ms,
      queueWaitP99Ms: mark.queueWaitP99Ms,
      instancesMax: mark.maxInstances,
      instancesMean: windowMs ? Math.round((mark.instanceMs / windowMs) * 1000) / 1000 : null,
      inFlightMean: Math.round(mark.inFlightMean * 1000) / 1000,
      instanceSeconds: mark.instanceMs / 1000,
      busyInstanceSeconds: mark.busyMs / 1000,
      proxyCpuCores: windowMs && startCpuMs !== null && mark.proxyCpuMs !== null ? (mark.proxyCpuMs - startCpuMs) / windowMs : null,
      costUsdPer1m: windowMs ? sixDigits(costPerMillion({ ...limits, requests: mark.served, instanceSeconds: mark.instanceMs / 1000, busyInstanceSeconds: mark.busyMs / 1000, windowSeconds: windowMs / 1000 }, this.#cell.cloudrun, this.#prices)) : null,
      minInstancesUsdPerHour: warm,
    };
  }

  async facts(): Promise<PlatformFacts> {
    if (!this.#facts) throw new Error('the window was not marked');
    return this.#facts;
  }

  /** The service stays; the next run's revision replaces its instances. */
  async remove(): Promise<void> {}
}
