import type { LeftOut } from './flagged.ts';
import type { AppliedThreshold } from './gate-rules.ts';
import type { Metric } from './metrics.ts';

/** One metric of one cell, baseline against candidate. */
export interface Comparison {
  cellId: string;
  cellLabel: string;
  metric: string;
  /** Unit of the medians and `delta`. */
  unit: Metric['unit'];
  baseN: number;
  candidateN: number;
  baseMedian: number | null;
  candidateMedian: number | null;
  /** candidateMedian − baseMedian, in `unit`; null when a side has no values. */
  delta: number | null;
  /** `delta` as a share of baseMedian; null when a side has no values or baseMedian is 0. */
  deltaPct: number | null;
  pValue: number | null;
  /** `~` no significant change; `better`/`worse` significant; `too few runs` when no change could be significant; `missing` when a side has no values. */
  verdict: '~' | 'better' | 'worse' | 'too few runs' | 'missing';
  /** The threshold the gate applies to this metric; null when it is not gated. */
  threshold: AppliedThreshold | null;
  /** `fail`: significantly worse beyond the threshold; `could not test`: too few runs or no values; null when not gated. */
  gate: 'pass' | 'fail' | 'could not test' | null;
  /** The threshold this comparison broke (`p99:+10%`), if any. */
  breach: string | null;
}

/** A cell both sweeps ran, and the flagged runs the gate left out of each side. */
export interface CellRuns {
  cellId: string;
  cellLabel: string;
  leftOut: { baseline: LeftOut; candidate: LeftOut };
}
