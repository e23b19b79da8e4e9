import { binomialDistribution, mean, median, sampleStandardDeviation } from 'simple-statistics';

/** A non-empty sample, as tinybench types it. */
export type Samples = [number, ...number[]];

export function isNonEmpty(values: number[]): values is Samples {
  return values.length > 0;
}

export interface MedianSummary {
  n: number;
  median: number;
  /** 95% confidence interval of the median; null when n is too small to have one. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Coefficient of variation (sample stddev / mean); null for n < 2. */
  cv: number | null;
}

/**
 * Median with the distribution-free order-statistic interval that benchstat
 * uses: the ranks whose binomial(n, 0.5) coverage is at least `confidence`.
 * n < 6 cannot reach 95%, and says so with null bounds.
 */
export function summarizeSamples(values: Samples, confidence = 0.95): MedianSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const m = mean(sorted);
  return {
    n,
    median: median(sorted),
    ...medianInterval(sorted, confidence),
    cv: n >= 2 && m !== 0 ? sampleStandardDeviation(sorted) / Math.abs(m) : null,
  };
}

function medianInterval(sorted: number[], confidence: number): { ciLow: number | null; ciHigh: number | null } {
  const n = sorted.length;
  const pmf = (n > 0 ? binomialDistribution(n, 0.5) : undefined) ?? [];
  // Widen [lo, hi] (0-based ranks, symmetric) until P(lo < median rank ≤ hi) reaches the confidence.
  for (let k = Math.floor((n - 1) / 2); k >= 0; k--) {
    const lo = k;
    const hi = n - 1 - k;
    let coverage = 0;
    for (let j = lo + 1; j <= hi; j++) coverage += pmf[j] ?? 0;
    if (coverage >= confidence) return { ciLow: sorted[lo] ?? null, ciHigh: sorted[hi] ?? null };
  }
  return { ciLow: null, ciHigh: null };
}
