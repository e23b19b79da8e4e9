import type { LambdaArch } from '../types.ts';
import { LAMBDA_PRICES, type LambdaPrices } from './lambda-prices.ts';

export interface InvocationCost {
  gbSeconds: number;
  computeUsd: number;
  requestUsd: number;
  /** Compute and the request fee. */
  totalUsd: number;
}

/**
 * What one invocation costs: memory (MB / 1024 = GB) × billed time (ms / 1000 = s)
 * at the architecture's GB-second price, plus the request fee. `billedDurationMs`
 * is the REPORT's Billed Duration as it stands: it already holds the billed init
 * (provided runtimes, and all on-demand ones since August 2025) and SnapStart's
 * Billed Restore Duration, so neither is added again.
 */
export function invocationCost(
  { memoryMb, arch, billedDurationMs }: { memoryMb: number; arch: LambdaArch; billedDurationMs: number },
  prices: LambdaPrices = LAMBDA_PRICES,
): InvocationCost {
  const gbSeconds = (memoryMb / 1024) * (billedDurationMs / 1000);
  const computeUsd = gbSeconds * prices.gbSecondUsd[arch];
  return { gbSeconds, computeUsd, requestUsd: prices.requestUsd, totalUsd: computeUsd + prices.requestUsd };
}

/** One memory size as measured: its typical duration and its cost per invocation, request fee included. */
export interface TierPoint {
  memoryMb: number;
  durationMs: number;
  costUsd: number;
}

/** The memory size each of aws-lambda-power-tuning's strategies would pick; null for no points. */
export interface TierRecommendation<P extends TierPoint = TierPoint> {
  cost: P | null;
  speed: P | null;
  balanced: P | null;
}

/** Equal up to floating-point noise (costs of one price computed along different paths). */
function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Orders by each key in turn, lower first; the last key is always the memory, so ties go to the smaller. */
function lowestBy<P extends TierPoint>(points: readonly P[], ...keys: Array<(p: P) => number>): P | null {
  const order = [...keys, (p: P) => p.memoryMb];
  const better = (a: P, b: P) => {
    for (const key of order) if (!same(key(a), key(b))) return key(a) < key(b);
    return false;
  };
  return points.reduce<P | null>((best, p) => (best === null || better(p, best) ? p : best), null);
}

/**
 * aws-lambda-power-tuning's three strategies (lambda/analyzer.js):
 * - cost: the cheapest; at equal cost the fastest.
 * - speed: the fastest; at equal duration the cheapest.
 * - balanced: the lowest  w × cost / maxCost + (1 − w) × duration / maxDuration,
 *   maxima over all points, w = balancedWeight clamped to [0, 1]
 *   (1 is the cost strategy, 0 the speed one).
 * Remaining ties go to the smaller memory (power-tuning keeps its input order,
 * usually ascending memory). One difference: power-tuning's cost leaves out the
 * request fee and ours has it, so in `balanced` cost differences weigh a little
 * less (the fixed fee brings every cost / maxCost nearer 1); with 1 ms billing
 * the fee is as much as 128 MB × 96 ms on x86_64.
 */
export function recommendTier<P extends TierPoint>(points: readonly P[], balancedWeight = 0.5): TierRecommendation<P> {
  const w = Math.min(Math.max(balancedWeight, 0), 1);
  const maxCost = Math.max(0, ...points.map((p) => p.costUsd));
  const maxDuration = Math.max(0, ...points.map((p) => p.durationMs));
  const share = (value: number, max: number) => (max > 0 ? value / max : 0);
  const score = (p: P) => w * share(p.costUsd, maxCost) + (1 - w) * share(p.durationMs, maxDuration);
  return {
    cost: lowestBy(points, (p) => p.costUsd, (p) => p.durationMs),
    speed: lowestBy(points, (p) => p.durationMs, (p) => p.costUsd),
    balanced: lowestBy(points, score),
  };
}
