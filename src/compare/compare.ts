import { median } from 'simple-statistics';
import { groupByCell, numbersOf } from '../summarize/rows.ts';
import type { ResultRow } from '../types.ts';
import type { CellRuns, Comparison } from './comparison.ts';
import { leaveOutFlagged } from './flagged.ts';

export type { CellRuns, Comparison } from './comparison.ts';
import { judgeGate, type Gate } from './gate.ts';
import { appliedThreshold, type AppliedThreshold, type GateRule } from './gate-rules.ts';
import { fewestRunsPerSide, mannWhitneyU, smallestPValue } from './mann-whitney.ts';
import type { Metric } from './metrics.ts';
import { breaches } from './thresholds.ts';

export const ALPHA = 0.05;

export interface CompareReport {
  alpha: number;
  /** The fewest runs a side for which the test can reach p < alpha. */
  runsNeededPerSide: number;
  /** Flagged runs were counted (--include-flagged) instead of left out. */
  includeFlagged: boolean;
  thresholds: AppliedThreshold[];
  cells: CellRuns[];
  comparisons: Comparison[];
  onlyInBase: string[];
  onlyInCandidate: string[];
  gate: Gate;
}

export interface CompareOptions {
  /** Count runs flagged driver_limited, memory_stalled, unanswered or contended (by default they are left out of both sides). */
  includeFlagged?: boolean;
}

function verdictOf(base: number[], cand: number[], baseMedian: number, candMedian: number, metric: Metric): Pick<Comparison, 'verdict' | 'pValue'> {
  const direction = () => (candMedian > baseMedian === (metric.better === 'higher') ? 'better' : 'worse');
  // A size does not vary between runs: any change is real, however few the runs.
  if (metric.exact) return { verdict: candMedian === baseMedian ? '~' : direction(), pValue: null };
  if (smallestPValue(base.length, cand.length) >= ALPHA) return { verdict: 'too few runs', pValue: null };
  const pValue = mannWhitneyU(base, cand);
  return { verdict: pValue >= ALPHA ? '~' : direction(), pValue };
}

function compareMetric(cell: { id: string; label: string }, base: number[], cand: number[], metric: Metric, rule: GateRule | undefined): Comparison {
  const out: Comparison = {
    cellId: cell.id, cellLabel: cell.label, metric: metric.name, unit: metric.unit, baseN: base.length, candidateN: cand.length,
    baseMedian: base.length ? median(base) : null, candidateMedian: cand.length ? median(cand) : null,
    delta: null, deltaPct: null, pValue: null, verdict: 'missing',
    threshold: rule ? appliedThreshold(rule) : null, gate: rule ? 'could not test' : null, breach: null,
  };
  if (out.baseMedian === null || out.candidateMedian === null) return out;
  out.delta = out.candidateMedian - out.baseMedian;
  out.deltaPct = out.baseMedian === 0 ? null : (out.delta / Math.abs(out.baseMedian)) * 100;
  Object.assign(out, verdictOf(base, cand, out.baseMedian, out.candidateMedian, metric));
  if (!rule || out.verdict === 'too few runs') return out;
  const broke = out.verdict === 'worse' && breaches(rule.threshold, out.baseMedian, out.candidateMedian);
  out.gate = broke ? 'fail' : 'pass';
  out.breach = broke ? rule.threshold.text : null;
  return out;
}

/**
 * Joins two sweeps' runs on cell id (a hash of the cell's parameters) and
 * compares each metric's repetitions with a Mann-Whitney U test: a change is
 * reported only when it is significant at ALPHA, and breaks the gate only
 * when it is also beyond its rule's threshold. Flagged runs are left out of
 * both sides unless `includeFlagged`.
 */
export function compareResults(base: ResultRow[], candidate: ResultRow[], metrics: Metric[], rules: GateRule[], opts: CompareOptions = {}): CompareReport {
  const includeFlagged = opts.includeFlagged ?? false;
  const usable = (rows: ResultRow[]) => {
    const completed = rows.filter((r) => r.status === 'completed');
    return includeFlagged ? { counted: completed, leftOut: { runs: 0, of: completed.length, byFlag: {} } } : leaveOutFlagged(completed);
  };
  // Joined on every row, so a cell whose candidate runs all failed is untested rather than quietly gone.
  const baseCells = groupByCell(base);
  const candCells = groupByCell(candidate);
  const cells: CellRuns[] = [];
  const comparisons: Comparison[] = [];
  for (const [id, baseRows] of baseCells) {
    const candRows = candCells.get(id);
    if (!candRows) continue;
    const cell = { id, label: String(baseRows[0]?.cell_label ?? id) };
    const [b, c] = [usable(baseRows), usable(candRows)];
    cells.push({ cellId: id, cellLabel: cell.label, leftOut: { baseline: b.leftOut, candidate: c.leftOut } });
    for (const metric of metrics) {
      const rule = rules.find((r) => r.threshold.metric.name === metric.name);
      const comparison = compareMetric(cell, numbersOf(b.counted, metric.column), numbersOf(c.counted, metric.column), metric, rule);
      // A metric no run of the cell measured (e.g. pull without run.pull) does not apply to it.
      if (numbersOf([...baseRows, ...candRows], metric.column).length > 0) comparisons.push(comparison);
    }
  }
  const runsNeededPerSide = fewestRunsPerSide(ALPHA);
  return {
    alpha: ALPHA,
    runsNeededPerSide,
    includeFlagged,
    thresholds: rules.map(appliedThreshold),
    cells,
    comparisons,
    onlyInBase: [...baseCells.keys()].filter((id) => !candCells.has(id)),
    onlyInCandidate: [...candCells.keys()].filter((id) => !baseCells.has(id)),
    gate: judgeGate(comparisons, cells, rules, runsNeededPerSide),
  };
}
