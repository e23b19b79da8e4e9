import { median, quantile } from 'simple-statistics';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { metricByName } from '../compare/metrics.ts';
import { numbersOf } from '../summarize/rows.ts';
import { paramColumn, type Claim, type ParamValue, type ResultRow } from '../types.ts';

export type Verdict = 'reproduced' | 'not reproduced' | 'inconclusive';

export interface ClaimResult {
  claim: Claim;
  /** The median (value claims) or ratio of medians (ratio claims) measured. */
  measured: number | null;
  low: number | null;
  high: number | null;
  /** How [low, high] was made. */
  interval: string;
  verdict: Verdict;
  n: string;
}

const BOOTSTRAP_RESAMPLES = 2000;
/** Fewer runs than this a side give no verdict on a ratio. */
const MIN_RUNS = 3;

const norm = (v: unknown) => (v === null || v === undefined || v === '' || v === 'unset' ? '' : String(v).toLowerCase());

function matches(row: ResultRow, where: Record<string, ParamValue>): boolean {
  return Object.entries(where).every(([axis, value]) => norm(row[paramColumn(axis)]) === norm(value));
}

function valuesOf(rows: ResultRow[], column: string, where: Record<string, ParamValue>): number[] {
  return numbersOf(rows.filter((r) => r.status === 'completed' && matches(r, where)), column);
}

/** Resamples whose denominator is zero are dropped; past this share the interval is not given. */
const MAX_DROPPED_SHARE = 0.05;

/** A percentile bootstrap interval of median(a) / median(b), seeded so a report is reproducible; null when too many resamples divide by zero. */
export function bootstrapRatio(a: number[], b: number[], seed = 1): [number, number] | null {
  const rng = xoroshiro128plus(seed);
  const resample = (xs: number[]) => xs.map(() => xs[unsafeUniformIntDistribution(0, xs.length - 1, rng)] as number);
  const ratios: number[] = [];
  for (let i = 0; i < BOOTSTRAP_RESAMPLES; i++) {
    const den = median(resample(b));
    if (den !== 0) ratios.push(median(resample(a)) / den);
  }
  if (ratios.length < (1 - MAX_DROPPED_SHARE) * BOOTSTRAP_RESAMPLES) return null;
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}

function judge(claim: Claim, low: number, high: number): Verdict {
  const above = claim.atLeast === undefined || low >= claim.atLeast;
  const below = claim.atMost === undefined || high <= claim.atMost;
  if (above && below) return 'reproduced';
  const surelyShort = claim.atLeast !== undefined && high < claim.atLeast;
  const surelyOver = claim.atMost !== undefined && low > claim.atMost;
  return surelyShort || surelyOver ? 'not reproduced' : 'inconclusive';
}

/**
 * Judges a claim against a sweep's runs: reproduced when the whole 95%
 * interval of the measured value meets the bound, not reproduced when it
 * misses it entirely, inconclusive otherwise.
 */
export function judgeClaim(claim: Claim, rows: ResultRow[]): ClaimResult {
  const column = metricByName(claim.metric)?.column ?? claim.metric;
  const empty = { claim, measured: null, low: null, high: null, interval: '', verdict: 'inconclusive' as const };
  if (claim.ratio) {
    const a = valuesOf(rows, column, { ...claim.where, ...claim.ratio.of });
    const b = valuesOf(rows, column, { ...claim.where, ...claim.ratio.to });
    const n = `${a.length} vs ${b.length} runs`;
    if (a.length < MIN_RUNS || b.length < MIN_RUNS) return { ...empty, n, interval: `too few runs (need ${MIN_RUNS} a side)` };
    if (median(b) === 0) return { ...empty, n, interval: 'the denominator\'s median is zero' };
    const interval = bootstrapRatio(a, b);
    if (!interval) return { ...empty, measured: median(a) / median(b), n, interval: 'the denominator is often zero' };
    const [low, high] = interval;
    return { claim, measured: median(a) / median(b), low, high, interval: '95% bootstrap', verdict: judge(claim, low, high), n };
  }
  const values = valuesOf(rows, column, claim.where).sort((x, y) => x - y);
  const n = `${values.length} runs`;
  if (values.length === 0) return { ...empty, n, interval: 'no runs match' };
  // A value claim holds when every run meets it: the range of the runs is the interval.
  const low = values[0] as number;
  const high = values.at(-1) as number;
  return { claim, measured: median(values), low, high, interval: 'range of the runs', verdict: judge(claim, low, high), n };
}
