import { z } from 'zod';

import { LAMBDA_ARCHS, type LambdaArch } from '../types.ts';

/** What Lambda charges per invocation in one region, and when and where that was read. */
export interface LambdaPrices {
  /** When the figures were read, YYYY-MM-DD. */
  asOf: string;
  region: string;
  /** Where they were read. */
  source: string;
  /** Duration, per GB-second, by architecture. */
  gbSecondUsd: Record<LambdaArch, number>;
  /** Per request (not per million). */
  requestUsd: number;
}

/**
 * On-demand prices in us-east-1, first tier. Duration is tiered per account,
 * region and architecture by monthly GB-seconds (x86_64: 10% off past 6 billion,
 * 20% past 15 billion; arm64: past 7.5 and 18.75 billion); a benchmark's
 * invocations are far below that, so the tiers, like the free tier (1M requests
 * and 400,000 GB-seconds a month), are left out.
 */
export const LAMBDA_PRICES: LambdaPrices = {
  asOf: '2026-11-29',
  region: 'us-east-1',
  source: 'https://aws.amazon.com/lambda/pricing/',
  gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 },
  // $0.20 per 1M requests.
  requestUsd: 2e-7,
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD');
// Caps catch a figure in the wrong unit: per million requests, or per GB-hour.
const gbSecond = z.number().positive().max(0.001, 'is per GB-second (us-east-1 x86_64: 0.0000166667)');
const request = z.number().positive().max(0.0001, 'is per request: $0.20 per million is 2e-7');

/** An override file (YAML or JSON): any of the table's fields; figures need the date and page they were read from. */
export const lambdaPricesSchema = z
  .strictObject({
    asOf: date.optional(),
    region: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    gbSecondUsd: z.strictObject({ x86_64: gbSecond.optional(), arm64: gbSecond.optional() }).optional(),
    requestUsd: request.optional(),
  })
  .superRefine((o, ctx) => {
    const figures = o.gbSecondUsd?.x86_64 !== undefined || o.gbSecondUsd?.arm64 !== undefined || o.requestUsd !== undefined;
    if (figures || o.region !== undefined) {
      if (o.asOf === undefined) ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'give the date these prices were read (YYYY-MM-DD)' });
      if (o.source === undefined) ctx.addIssue({ code: 'custom', path: ['source'], message: 'give the page these prices were read from' });
    }
    if (o.region !== undefined && o.region !== LAMBDA_PRICES.region) {
      // Another region's prices differ: none of ours may be carried over.
      if (o.gbSecondUsd?.x86_64 === undefined) ctx.addIssue({ code: 'custom', path: ['gbSecondUsd', 'x86_64'], message: `give ${o.region}'s price` });
      if (o.gbSecondUsd?.arm64 === undefined) ctx.addIssue({ code: 'custom', path: ['gbSecondUsd', 'arm64'], message: `give ${o.region}'s price` });
      if (o.requestUsd === undefined) ctx.addIssue({ code: 'custom', path: ['requestUsd'], message: `give ${o.region}'s price` });
    }
  });

export interface PriceProblem {
  /** Dotted path in the override (gbSecondUsd.arm64); empty for the whole of it. */
  path: string;
  message: string;
}

function problemsOf(issue: z.core.$ZodIssue): PriceProblem[] {
  const at = (path: PropertyKey[]) => path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: at([...issue.path, key]), message: 'is not a price field (asOf, region, source, gbSecondUsd.x86_64, gbSecondUsd.arm64, requestUsd)' }));
  return [{ path: at(issue.path), message: issue.message }];
}

export type PricesRead = { ok: true; prices: LambdaPrices } | { ok: false; problems: PriceProblem[] };

/** LAMBDA_PRICES with an override (parsed YAML or JSON; undefined or null, an empty file, for none) laid over it, or every problem found in the override. */
export function readLambdaPrices(override: unknown): PricesRead {
  if (override === undefined || override === null) return { ok: true, prices: LAMBDA_PRICES };
  const parsed = lambdaPricesSchema.safeParse(override);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.flatMap(problemsOf) };
  const o = parsed.data;
  const prices: LambdaPrices = {
    asOf: o.asOf ?? LAMBDA_PRICES.asOf,
    region: o.region ?? LAMBDA_PRICES.region,
    source: o.source ?? LAMBDA_PRICES.source,
    gbSecondUsd: {
      x86_64: o.gbSecondUsd?.x86_64 ?? LAMBDA_PRICES.gbSecondUsd.x86_64,
      arm64: o.gbSecondUsd?.arm64 ?? LAMBDA_PRICES.gbSecondUsd.arm64,
    },
    requestUsd: o.requestUsd ?? LAMBDA_PRICES.requestUsd,
  };
  return { ok: true, prices };
}
