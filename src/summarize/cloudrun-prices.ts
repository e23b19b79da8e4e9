import { z } from 'zod';

/** What Cloud Run charges under one billing setting: per vCPU-second and GiB-second of billable instance time, and per request. */
export interface BillingPrices {
  vcpuSecondUsd: number;
  gibSecondUsd: number;
  /** Per request (not per million); 0 for instance-based billing. */
  requestUsd: number;
}

/** Cloud Run's prices in one region, and when and where they were read. */
export interface CloudRunPrices {
  /** When the figures were read, YYYY-MM-DD. */
  asOf: string;
  region: string;
  /** Where they were read. */
  source: string;
  /** Request-based billing: instance time with a request in flight (and starting and stopping). */
  request: BillingPrices;
  /** Instance-based billing: the instance's whole life. */
  instance: BillingPrices;
  /** Request-based billing: a minInstances instance while idle. */
  idleMinInstance: Omit<BillingPrices, 'requestUsd'>;
}

/**
 * Tier 1 regions (us-central1 among them), on demand. The free tier (180,000
 * vCPU-seconds, 360,000 GiB-seconds and 2M requests a month), committed-use
 * discounts and the 100 ms rounding of each billable interval are left out: a
 * benchmark's cost per million requests is what matters, not one month's bill.
 */
export const CLOUDRUN_PRICES: CloudRunPrices = {
  asOf: '2026-11-29',
  region: 'us-central1',
  source: 'https://cloud.google.com/run/pricing',
  request: { vcpuSecondUsd: 0.000024, gibSecondUsd: 0.0000025, requestUsd: 4e-7 },
  instance: { vcpuSecondUsd: 0.000018, gibSecondUsd: 0.000002, requestUsd: 0 },
  idleMinInstance: { vcpuSecondUsd: 0.0000025, gibSecondUsd: 0.0000025 },
};

// Caps catch a figure in the wrong unit: per hour, or per million requests.
const perSecond = z.number().min(0).max(0.001, 'is per second (Tier 1 request-based vCPU: 0.000024)');
const perRequest = z.number().min(0).max(0.0001, 'is per request: $0.40 per million is 4e-7');
const billing = z.strictObject({ vcpuSecondUsd: perSecond, gibSecondUsd: perSecond, requestUsd: perRequest });

/** An override (run.cloudrunPrices): a whole table, with the date and page it was read from. */
export const cloudrunPricesSchema = z.strictObject({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
  region: z.string().min(1),
  source: z.string().min(1),
  request: billing,
  instance: billing,
  idleMinInstance: z.strictObject({ vcpuSecondUsd: perSecond, gibSecondUsd: perSecond }),
});

/** The table a sweep uses: the matrix's override (checked at load), or the dated default. */
export function cloudrunPrices(override: unknown): CloudRunPrices {
  const parsed = cloudrunPricesSchema.safeParse(override);
  return parsed.success ? parsed.data : CLOUDRUN_PRICES;
}
