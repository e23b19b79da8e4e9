import { stripVTControlCharacters } from 'node:util';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareResults } from '../../src/compare/compare.ts';
import { DEFAULT_GATE } from '../../src/compare/default-gate.ts';
import { leaveOutFlagged } from '../../src/compare/flagged.ts';
import { formatJson, formatMarkdown, formatTable } from '../../src/compare/format.ts';
import { explicitRules, gateRules, type GateRule } from '../../src/compare/gate-rules.ts';
import { fewestRunsPerSide, smallestPValue } from '../../src/compare/mann-whitney.ts';
import { metricByName, METRICS, type Metric } from '../../src/compare/metrics.ts';
import { parseThreshold, type Threshold } from '../../src/compare/thresholds.ts';
import type { ResultRow } from '../../src/types.ts';
import { resultRow } from '../helpers/rows.ts';

/** The table as text: colours are on under CI (picocolors reads CI), and what is tested is the words. */
const plain = stripVTControlCharacters;

const metric = (name: string) => metricByName(name) as Metric;
const rule = (text: string, source: GateRule['source'] = '--threshold'): GateRule => ({ threshold: parseThreshold(text) as Threshold, source });
/** Spread of about ±2% around 1, the same in every cell. */
const SPREAD = [1, 1.012, 0.991, 1.021, 0.984, 1.006];

/** Runs of one cell: p99 of `p99Ms` × spread, rps 1000 ÷ spread; `extra` per run. */
function runs(cell: string, n: number, p99Ms: number, extra: (i: number) => Partial<ResultRow> = () => ({})): ResultRow[] {
  return Array.from({ length: n }, (_, i) => resultRow({
    cell_id: cell, cell_label: `label ${cell}`, status: 'completed', run_id: `${cell}#${i + 1}`,
    latency_p99_us: Math.round(p99Ms * 1000 * (SPREAD[i % 6] ?? 1)), rps: 1000 / (SPREAD[i % 6] ?? 1), ...extra(i),
  }));
}

const P99 = [metric('p99')];

describe('fewestRunsPerSide', () => {
  it('is the smallest n at which n runs a side can reach p < alpha', () => {
    for (const [alpha, want] of [[0.05, 4], [0.01, 5], [0.1, 4], [0.2, 3]] as const) {
      const n = fewestRunsPerSide(alpha);
      assert.equal(n, want, `alpha ${alpha}`);
      assert.ok(smallestPValue(n, n) < alpha && smallestPValue(n - 1, n - 1) >= alpha);
    }
  });
});

describe('the gate', () => {
  it('could not test, rather than pass, when every gated metric has too few runs', () => {
    const r = compareResults(runs('a', 3, 10), runs('a', 3, 15), P99, [rule('p99:+10%')]);
    assert.equal(r.gate.verdict, 'could not test');
    assert.equal(r.runsNeededPerSide, 4);
    assert.deepEqual(r.gate.untested, [{ cellId: 'a', cellLabel: 'label a', metric: 'p99', why: '3 and 3 runs; needs 4 runs a side' }]);
    assert.deepEqual(r.gate.fixes, ['run every cell at least 4 times (run.repetitions: 4 in the matrix)']);
  });

  it('fails when a tested metric regressed, even though another could not be tested', () => {
    const r = compareResults([...runs('a', 6, 10), ...runs('b', 3, 10)], [...runs('a', 6, 15), ...runs('b', 3, 10)], P99, [rule('p99:+10%')]);
    assert.equal(r.gate.verdict, 'fail');
    assert.deepEqual(r.gate.regressions.map((c) => c.cellId), ['a']);
    assert.deepEqual(r.gate.untested.map((u) => u.cellId), ['b']);
  });

  it('passes only when every gated metric was tested', () => {
    const r = compareResults(runs('a', 6, 10), runs('a', 6, 10.1), P99, [rule('p99:+10%')]);
    assert.equal(r.gate.verdict, 'pass');
    assert.equal(r.gate.tested, 1);
  });

  it('is none when no threshold applies', () => {
    assert.equal(compareResults(runs('a', 6, 10), runs('a', 6, 15), P99, []).gate.verdict, 'none');
  });

  it('could not test a cell whose candidate runs all failed', () => {
    const failed = runs('a', 6, 10).map((r) => ({ ...r, status: 'failed', latency_p99_us: null, rps: null }));
    const r = compareResults(runs('a', 6, 10), failed, P99, [rule('p99:+10%')]);
    assert.equal(r.gate.verdict, 'could not test');
    assert.equal(r.gate.untested[0]?.why, 'no completed candidate runs');
  });

  it('could not test a threshold someone asked for on a metric neither sweep measured; a default there is only not applicable', () => {
    const metrics = [metric('p99'), metric('pull')];
    const asked = compareResults(runs('a', 6, 10), runs('a', 6, 10), metrics, [rule('p99:+10%'), rule('pull:+10%', 'matrix gate')]);
    assert.equal(asked.gate.verdict, 'could not test');
    assert.deepEqual(asked.gate.untested, [{ cellId: null, cellLabel: 'every cell', metric: 'pull', why: 'measured in neither sweep' }]);
    const byDefault = compareResults(runs('a', 6, 10), runs('a', 6, 10), metrics, [rule('p99:+10%'), rule('pull:+10%', 'default')]);
    assert.equal(byDefault.gate.verdict, 'pass');
  });
});

describe('the measured change', () => {
  it('is there whatever the verdict, with its unit', () => {
    const [c] = compareResults(runs('a', 3, 10), runs('a', 3, 15), P99, []).comparisons;
    assert.equal(c?.verdict, 'too few runs');
    assert.deepEqual([c?.unit, c?.baseMedian, c?.candidateMedian, c?.delta, c?.deltaPct], ['us', 10000, 15000, 5000, 50]);
  });

  it('is absolute only when the baseline median is 0', () => {
    const throttled = (ms: number) => (i: number) => ({ cpu_throttled_ms: ms + i });
    const [c] = compareResults(runs('a', 6, 10, throttled(0)).map((r) => ({ ...r, cpu_throttled_ms: 0 })), runs('a', 6, 10, throttled(40)), [metric('throttled')], []).comparisons;
    assert.equal(c?.deltaPct, null);
    assert.equal(c?.delta, 42.5);
  });

  it('shows in the table, the markdown and the JSON of a row with too few runs', () => {
    const r = compareResults(runs('a', 3, 10), runs('a', 3, 15), P99, [rule('p99:+10%')]);
    assert.match(plain(formatTable(r)), /^label a\s+p99\s+10\.00 ms \(n=3\)\s+15\.00 ms \(n=3\)\s+\+50\.0%\s+too few runs\s+could not test$/m);
    assert.match(formatMarkdown(r), /\| \+50\.0% +\| +\| too few runs +\| could not test \|/);
    assert.match(formatMarkdown(r), /^- gate: could not test: .*\n {2}- label a p99: 3 and 3 runs; needs 4 runs a side\n {2}- fix: run every cell/m);
    const json = JSON.parse(formatJson(r)) as { comparisons: Array<{ unit: string; deltaPct: number; threshold: unknown }> };
    assert.equal(json.comparisons[0]?.unit, 'us');
    assert.equal(json.comparisons[0]?.deltaPct, 50);
    assert.deepEqual(json.comparisons[0]?.threshold, { metric: 'p99', limit: '+10%', source: '--threshold' });
  });
});

describe('gate rules', () => {
  const compared = [metric('p50'), metric('p99'), metric('rps'), metric('throttled')];
  const describeRules = (rules: GateRule[]) => rules.map((r) => `${r.threshold.text} ${r.source}`);

  it('fill in a default for each compared metric that has one', () => {
    assert.deepEqual(describeRules(gateRules(compared, new Map(), true)), ['p50:+10% default', 'p99:+10% default', 'rps:-5% default']);
  });

  it('take the matrix gate over a default, and --threshold over both, metric by metric', () => {
    const { rules, errors } = explicitRules(['p99:+20%', 'rps:-10%'], ['rps:-2%']);
    assert.deepEqual(errors, []);
    assert.deepEqual(describeRules(gateRules(compared, rules, true)), ['p50:+10% default', 'p99:+20% matrix gate', 'rps:-2% --threshold']);
    assert.deepEqual(describeRules(gateRules(compared, rules, false)), ['p99:+20% matrix gate', 'rps:-2% --threshold']);
  });

  it('say which threshold could not be read, and from where', () => {
    assert.deepEqual(explicitRules(['p99:-10%'], []).errors.map((e) => e.source), ['matrix gate']);
  });

  it('default to a limit every metric in DEFAULT_GATE can read', () => {
    assert.equal(gateRules(METRICS, new Map(), true).length, Object.keys(DEFAULT_GATE).length);
  });
});

describe('flagged runs', () => {
  it('are left out of both sides and counted per cell and flag; a missing column is false', () => {
    const flagged = (flags: Partial<ResultRow>) => (i: number) => (i < 2 ? flags : { driver_limited: false, memory_stalled: false });
    const base = runs('a', 6, 10, flagged({ contended: true }));
    const cand = runs('a', 8, 10, (i): Partial<ResultRow> => (i < 2 ? { driver_limited: true, memory_stalled: true } : {}));
    const r = compareResults(base, cand, P99, [rule('p99:+10%')]);
    assert.deepEqual(r.cells[0]?.leftOut, {
      baseline: { runs: 2, of: 6, byFlag: { contended: 2 } },
      candidate: { runs: 2, of: 8, byFlag: { driver_limited: 2, memory_stalled: 2 } },
    });
    assert.deepEqual([r.comparisons[0]?.baseN, r.comparisons[0]?.candidateN], [4, 6]);
    assert.match(plain(formatTable(r)), /^left out: label a: baseline 2 of 6 runs \(2 contended\); candidate 2 of 8 runs \(2 driver_limited, 2 memory_stalled\)$/m);
    const counted = compareResults(base, cand, P99, [rule('p99:+10%')], { includeFlagged: true });
    assert.deepEqual([counted.comparisons[0]?.baseN, counted.comparisons[0]?.candidateN], [6, 8]);
  });

  it('would otherwise turn a change within the threshold into a failure', () => {
    const base = runs('a', 6, 10);
    const cand = runs('a', 8, 10.4, (i): Partial<ResultRow> => (i >= 4 ? { driver_limited: true, latency_p99_us: 30_000 } : {}));
    assert.equal(compareResults(base, cand, P99, [rule('p99:+10%')]).gate.verdict, 'pass');
    assert.equal(compareResults(base, cand, P99, [rule('p99:+10%')], { includeFlagged: true }).gate.verdict, 'fail');
  });

  it('leave a cell untested when they are all its runs', () => {
    const r = compareResults(runs('a', 6, 10), runs('a', 6, 10, () => ({ memory_stalled: true })), P99, [rule('p99:+10%')]);
    assert.equal(r.gate.verdict, 'could not test');
    assert.equal(r.gate.untested[0]?.why, 'no candidate runs (6 flagged, left out)');
    assert.match(r.gate.fixes[0] ?? '', /--include-flagged/);
  });

  it('keep the tally of a side with no runs', () => {
    assert.deepEqual(leaveOutFlagged([]), { counted: [], leftOut: { runs: 0, of: 0, byFlag: {} } });
  });
});
