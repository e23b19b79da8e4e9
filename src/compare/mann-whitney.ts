import { cumulativeStdNormalProbability, wilcoxonRankSum } from 'simple-statistics';

/** Above this many arrangements the exact distribution gives way to the normal approximation. */
const EXACT_LIMIT = 20_000_000;

/** Counts of each U value for sample sizes n and m: ways[u] of C(n+m, n) arrangements. */
function exactDistribution(n: number, m: number): number[] {
  // f(i, j)[u] = f(i-1, j)[u - j] + f(i, j-1)[u]
  let prev: number[][] = Array.from({ length: m + 1 }, () => [1]);
  for (let i = 1; i <= n; i++) {
    const cur: number[][] = [[1]];
    for (let j = 1; j <= m; j++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      const a = prev[j] ?? [];
      const b = cur[j - 1] ?? [];
      for (let u = 0; u < size; u++) row[u] = (u - j >= 0 ? (a[u - j] ?? 0) : 0) + (b[u] ?? 0);
      cur.push(row);
    }
    prev = cur;
  }
  return prev[m] ?? [1];
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * Two-sided Mann-Whitney U test, as benchstat uses to tell a change from
 * noise: exact for small samples without ties, normal approximation with tie
 * and continuity correction otherwise. Returns the p-value.
 */
export function mannWhitneyU(x: number[], y: number[]): number {
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return 1;
  const u = wilcoxonRankSum(x, y) - (n * (n + 1)) / 2;
  const pooled = [...x, ...y].sort((a, b) => a - b);
  const ties: number[] = [];
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j < pooled.length && pooled[j] === pooled[i]) j++;
    if (j - i > 1) ties.push(j - i);
    i = j;
  }
  if (ties.length === 0 && binomial(n + m, n) <= EXACT_LIMIT) {
    const ways = exactDistribution(n, m);
    const total = ways.reduce((a, b) => a + b, 0);
    const atOrBelow = ways.slice(0, Math.floor(u) + 1).reduce((a, b) => a + b, 0) / total;
    const atOrAbove = ways.slice(Math.ceil(u)).reduce((a, b) => a + b, 0) / total;
    return Math.min(1, 2 * Math.min(atOrBelow, atOrAbove));
  }
  const total = n + m;
  const tieTerm = ties.reduce((s, t) => s + t ** 3 - t, 0) / (total * (total - 1));
  const sd = Math.sqrt(((n * m) / 12) * (total + 1 - tieTerm));
  if (sd === 0) return 1;
  const z = Math.max(0, Math.abs(u - (n * m) / 2) - 0.5) / sd;
  return Math.min(1, 2 * (1 - cumulativeStdNormalProbability(z)));
}

/** The smallest two-sided p-value samples of these sizes can reach: below alpha, or no change can be significant. */
export function smallestPValue(n: number, m: number): number {
  return n === 0 || m === 0 ? 1 : Math.min(1, 2 / binomial(n + m, n));
}

/** The fewest runs a side (equal sides) for which a change can be significant at alpha. */
export function fewestRunsPerSide(alpha: number): number {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1], not ${alpha}`);
  let n = 1;
  while (smallestPValue(n, n) >= alpha) n++;
  return n;
}
