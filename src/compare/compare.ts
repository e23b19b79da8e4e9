import { median } from 'simple-statistics';
import { groupByCell, numbersOf } from '../summarize/rows.ts';
import type { ResultRow } from '../types.ts';
import { mannWhitneyU, smallestPValue } from './mann-whitney.ts';
import type { Metric } from './metrics.ts';
import { breaches, type Threshold } from './thresholds.ts';

export const ALPHA = 0.05;

/** One metric of one cell, baseline against candidate. */
export interface Comparison {
  cellId: string;
  cellLabel: string;
  metric: string;
  baseN: number;
  candidateN: number;
  baseMedian: number | null;
  candidateMedian: number | null;
  deltaPct: number | null;
  pValue: number | null;
  /** `~` no significant change; `better`/`worse` significant; `too few runs` when no change could be significant. */
  verdict: '~' | 'better' | 'worse' | 'too few runs' | 'missing';
  /** The threshold this comparison broke, if any. */
  breach: string | null;
}

export interface CompareReport {
  comparisons: Comparison[];
  onlyInBase: string[];
  onlyInCandidate: string[];
  breaches: Comparison[];
}

function compareMetric(cellId: string, label: string, base: number[], cand: number[], metric: Metric, threshold: Threshold | undefined): Comparison {
  const out: Comparison = {
    cellId, cellLabel: label, metric: metric.name, baseN: base.length, candidateN: cand.length,
    baseMedian: base.length ? median(base) : null, candidateMedian: cand.length ? median(cand) : null,
    deltaPct: null, pValue: null, verdict: 'missing', breach: null,
  };
  if (out.baseMedian === null || out.candidateMedian === null) return out;
  out.deltaPct = out.baseMedian === 0 ? null : ((out.candidateMedian - out.baseMedian) / Math.abs(out.baseMedian)) * 100;
  if (metric.exact) {
    // A size does not vary between runs: any change is real, however few the runs.
    if (out.candidateMedian === out.baseMedian) out.verdict = '~';
    else out.verdict = out.candidateMedian > out.baseMedian === (metric.better === 'higher') ? 'better' : 'worse';
  } else if (smallestPValue(base.length, cand.length) >= ALPHA) {
    out.verdict = 'too few runs';
  } else {
    out.pValue = mannWhitneyU(base, cand);
    const rose = out.candidateMedian > out.baseMedian;
    out.verdict = out.pValue >= ALPHA ? '~' : rose === (metric.better === 'higher') ? 'better' : 'worse';
  }
  if (threshold && out.verdict === 'worse' && breaches(threshold, out.baseMedian, out.candidateMedian)) out.breach = threshold.text;
  return out;
}

/**
 * Joins two sweeps' runs on cell id (a hash of the cell's parameters) and
 * compares each metric's repetitions with a Mann-Whitney U test: a change is
 * reported only when it is significant at ALPHA, and breaks the gate only
 * when it is also beyond its threshold.
 */
export function compareResults(base: ResultRow[], candidate: ResultRow[], metrics: Metric[], thresholds: Threshold[]): CompareReport {
  const completed = (rows: ResultRow[]) => groupByCell(rows.filter((r) => r.status === 'completed'));
  const baseCells = completed(base);
  const candCells = completed(candidate);
  const comparisons: Comparison[] = [];
  for (const [id, baseRows] of baseCells) {
    const candRows = candCells.get(id);
    if (!candRows) continue;
    const label = String(baseRows[0]?.cell_label ?? id);
    for (const metric of metrics) {
      const threshold = thresholds.find((t) => t.metric.name === metric.name);
      comparisons.push(compareMetric(id, label, numbersOf(baseRows, metric.column), numbersOf(candRows, metric.column), metric, threshold));
    }
  }
  return {
    comparisons: comparisons.filter((c) => c.verdict !== 'missing' || c.baseN + c.candidateN > 0),
    onlyInBase: [...baseCells.keys()].filter((id) => !candCells.has(id)),
    onlyInCandidate: [...candCells.keys()].filter((id) => !baseCells.has(id)),
    breaches: comparisons.filter((c) => c.breach !== null),
  };
}
