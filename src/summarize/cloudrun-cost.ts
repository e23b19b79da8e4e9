import type { CloudRunOptions } from '../types.ts';
import { CLOUDRUN_PRICES, type BillingPrices, type CloudRunPrices } from './cloudrun-prices.ts';

/** What a service used in a window, as the emulator counts it. */
export interface ServiceUsage {
  cpus: number;
  memoryBytes: number;
  /** Requests served. */
  requests: number;
  /** Instance time alive, and with a request in flight, in seconds. */
  instanceSeconds: number;
  busyInstanceSeconds: number;
  /** The window's length, in seconds (minInstances instances idle at most this long each). */
  windowSeconds: number;
}

const rate = (p: Omit<BillingPrices, 'requestUsd'>, cpus: number, gib: number) => cpus * p.vcpuSecondUsd + gib * p.gibSecondUsd;

/**
 * USD for a window under the service's billing setting. Request-based: busy
 * instance time, the request fee, and minInstances instances' idle time at the
 * idle rate (other idle instances cost nothing). Instance-based: every instance's
 * whole time, no request fee.
 */
export function windowCostUsd(usage: ServiceUsage, options: Pick<CloudRunOptions, 'cpu' | 'minInstances'>, prices: CloudRunPrices = CLOUDRUN_PRICES): number {
  const gib = usage.memoryBytes / 1024 ** 3;
  if (options.cpu === 'instance') return usage.instanceSeconds * rate(prices.instance, usage.cpus, gib);
  const idleSeconds = Math.min(Math.max(0, usage.instanceSeconds - usage.busyInstanceSeconds), options.minInstances * usage.windowSeconds);
  return usage.busyInstanceSeconds * rate(prices.request, usage.cpus, gib) + usage.requests * prices.request.requestUsd + idleSeconds * rate(prices.idleMinInstance, usage.cpus, gib);
}

/** USD per million requests at the window's rate; null without requests. */
export function costPerMillion(usage: ServiceUsage, options: Pick<CloudRunOptions, 'cpu' | 'minInstances'>, prices: CloudRunPrices = CLOUDRUN_PRICES): number | null {
  return usage.requests > 0 ? (windowCostUsd(usage, options, prices) / usage.requests) * 1e6 : null;
}

/** USD an hour for keeping minInstances warm with no request: the price of warm capacity (claim C13). */
export function minInstancesUsdPerHour(limits: { cpus: number; memoryBytes: number }, options: Pick<CloudRunOptions, 'cpu' | 'minInstances'>, prices: CloudRunPrices = CLOUDRUN_PRICES): number {
  const gib = limits.memoryBytes / 1024 ** 3;
  const perSecond = options.cpu === 'instance' ? rate(prices.instance, limits.cpus, gib) : rate(prices.idleMinInstance, limits.cpus, gib);
  return options.minInstances * perSecond * 3600;
}
