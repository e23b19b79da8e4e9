import type { CellRuns, Comparison } from './comparison.ts';
import type { GateRule } from './gate-rules.ts';

/** A gated metric of a cell (or of every cell: cellId null) the gate could not test, and why. */
export interface Untested {
  cellId: string | null;
  cellLabel: string;
  metric: string;
  why: string;
}

/**
 * `fail`: a tested metric regressed beyond its threshold (whatever else
 * could not be tested); `could not test`: none did, but a gated metric could
 * not be tested; `pass`: every gated metric was tested and none failed;
 * `none`: no threshold applied.
 */
export interface Gate {
  verdict: 'pass' | 'fail' | 'could not test' | 'none';
  /** Gated comparisons that were tested. */
  tested: number;
  regressions: Comparison[];
  untested: Untested[];
  /** What would let the gate test the untested ones. */
  fixes: string[];
}

const FLAGGED_FIX = 'rerun where the host is quiet (flag_reasons in results.csv says what was flagged), or count flagged runs with --include-flagged';

type Side = 'baseline' | 'candidate';

/** Why one side of a cell has no values for a metric, and the fix. */
function emptySide(side: Side, cell: CellRuns | undefined): { why: string; fix: string } {
  const leftOut = cell?.leftOut[side];
  if (!leftOut || leftOut.of === 0) return { why: `no completed ${side} runs`, fix: `see why the ${side}'s runs failed (status, error_stage, error_message in its results.csv)` };
  if (leftOut.runs === leftOut.of) return { why: `no ${side} runs (${leftOut.runs} flagged, left out)`, fix: FLAGGED_FIX };
  return { why: `not measured in the ${side}`, fix: 'measure it in both sweeps, or leave it out of --metrics' };
}

function untestedReason(c: Comparison, cell: CellRuns | undefined, runsNeeded: number): { why: string; fixes: string[] } {
  if (c.verdict === 'too few runs') {
    const flagged = (['baseline', 'candidate'] as const).filter((side) => (cell?.leftOut[side].runs ?? 0) > 0);
    const note = flagged.map((side) => `, ${cell?.leftOut[side].runs} ${side} runs flagged and left out`).join('');
    return {
      why: `${c.baseN} and ${c.candidateN} runs${note}; needs ${runsNeeded} runs a side`,
      fixes: [`run every cell at least ${runsNeeded} times (run.repetitions: ${runsNeeded} in the matrix)`, ...(flagged.length ? [FLAGGED_FIX] : [])],
    };
  }
  const sides = (['baseline', 'candidate'] as const).filter((side) => (side === 'baseline' ? c.baseN : c.candidateN) === 0).map((side) => emptySide(side, cell));
  return { why: sides.map((s) => s.why).join(', '), fixes: sides.map((s) => s.fix) };
}

/** The gate's verdict over every comparison a rule applies to. */
export function judgeGate(comparisons: Comparison[], cells: CellRuns[], rules: GateRule[], runsNeeded: number): Gate {
  const gated = comparisons.filter((c) => c.gate !== null);
  const untested: Untested[] = [];
  const fixes = new Set<string>();
  for (const c of gated.filter((g) => g.gate === 'could not test')) {
    const { why, fixes: more } = untestedReason(c, cells.find((cell) => cell.cellId === c.cellId), runsNeeded);
    untested.push({ cellId: c.cellId, cellLabel: c.cellLabel, metric: c.metric, why });
    for (const fix of more) fixes.add(fix);
  }
  // A rule no cell measured: untested when someone asked for it, or when it leaves nothing gated at all.
  for (const rule of rules) {
    const name = rule.threshold.metric.name;
    if (comparisons.some((c) => c.metric === name) || (rule.source === 'default' && gated.length > 0)) continue;
    untested.push({ cellId: null, cellLabel: 'every cell', metric: name, why: 'measured in neither sweep' });
    fixes.add(`measure ${name} in both sweeps, or drop its threshold`);
  }
  const regressions = gated.filter((c) => c.gate === 'fail');
  const tested = gated.length - untested.filter((u) => u.cellId !== null).length;
  const verdict = rules.length === 0 ? 'none' : regressions.length > 0 ? 'fail' : untested.length > 0 ? 'could not test' : 'pass';
  return { verdict, tested, regressions, untested, fixes: [...fixes] };
}
