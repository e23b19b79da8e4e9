import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareResults } from '../../src/compare/compare.ts';
import type { GateRule } from '../../src/compare/gate-rules.ts';
import { metricByName, type Metric } from '../../src/compare/metrics.ts';
import { breaches, parseThreshold, type Threshold } from '../../src/compare/thresholds.ts';
import type { ResultRow } from '../../src/types.ts';
import { resultRow } from '../helpers/rows.ts';

const metric = (name: string) => metricByName(name) as Metric;
const threshold = (text: string) => parseThreshold(text) as Threshold;
const rule = (text: string): GateRule => ({ threshold: threshold(text), source: '--threshold' });

describe('parseThreshold', () => {
  const ok: Array<[string, string, number, boolean]> = [
    ['p99:+10%', 'p99', 0.1, true],
    ['rps:-5%', 'rps', 0.05, true],
    ['cold_start:+5ms', 'cold_start', 5, false],
    ['p99:+2ms', 'p99', 2000, false],
    ['latency_p50_us:+500us', 'p50', 500, false],
    ['memory:+16mib', 'memory', 16 * 1024 ** 2, false],
  ];
  for (const [text, name, limit, relative] of ok) {
    it(`reads ${text}`, () => {
      const t = threshold(text);
      assert.equal(t.metric.name, name);
      assert.equal(t.limit, limit);
      assert.equal(t.relative, relative);
    });
  }
  const bad: Array<[string, RegExp]> = [
    ['p99', /not metric:\+N%/],
    ['latency:+10%', /unknown metric 'latency'/],
    ['p99:-10%', /p99 gets worse as it rises, so its limit takes '\+'/],
    ['rps:+5%', /rps gets worse as it falls/],
    ['cold_start:+5mib', /cold_start takes % or one of us, ms, s/],
  ];
  for (const [text, why] of bad) it(`rejects ${text}`, () => assert.match(String(parseThreshold(text)), why));

  it('breaches only in the bad direction, beyond the limit', () => {
    assert.equal(breaches(threshold('p99:+10%'), 100, 111), true);
    assert.equal(breaches(threshold('p99:+10%'), 100, 109), false);
    assert.equal(breaches(threshold('p99:+10%'), 100, 50), false);
    assert.equal(breaches(threshold('rps:-5%'), 1000, 940), true);
    assert.equal(breaches(threshold('cold_start:+5ms'), 100, 104), false);
    assert.equal(breaches(threshold('cold_start:+5ms'), 100, 106), true);
  });
});

/** Rows of one cell, one per repetition, with the given p99s (ms) and rps. */
function rows(cell: string, p99Ms: number[], rps = 1000): ResultRow[] {
  return p99Ms.map((p99, i) => resultRow({
    cell_id: cell, cell_label: `label ${cell}`, status: 'completed', run_id: `${cell}#${i + 1}`,
    latency_p99_us: p99 * 1000, latency_p50_us: 1000, rps: rps + i, cold_start_ms_median: null,
  }));
}

describe('compareResults', () => {
  const metrics = [metric('p99'), metric('rps'), metric('cold_start')];
  const base = [...rows('a', [10, 10.2, 9.9, 10.1, 10.3, 9.8]), ...rows('b', [5, 5.1, 5.2, 4.9, 5, 5.05]), ...rows('gone', [1, 1, 1, 1])];

  it('names a significant regression beyond its threshold, and only that', () => {
    const cand = [...rows('a', [13, 13.2, 12.9, 13.1, 13.3, 12.8]), ...rows('b', [5.1, 4.95, 5.15, 5, 5.02, 4.98]), ...rows('new', [1, 1, 1, 1])];
    const r = compareResults(base, cand, metrics, [rule('p99:+10%')]);
    const a = r.comparisons.find((c) => c.cellId === 'a' && c.metric === 'p99');
    assert.equal(a?.verdict, 'worse');
    assert.equal(a?.breach, 'p99:+10%');
    assert.ok(a && a.pValue !== null && a.pValue < 0.01);
    assert.ok(a && Math.abs((a.deltaPct ?? 0) - 30) < 1);
    assert.equal(r.comparisons.find((c) => c.cellId === 'b' && c.metric === 'p99')?.verdict, '~');
    assert.deepEqual(r.gate.regressions.map((b) => `${b.cellId} ${b.metric}`), ['a p99']);
    assert.deepEqual(r.onlyInBase, ['gone']);
    assert.deepEqual(r.onlyInCandidate, ['new']);
    assert.ok(!r.comparisons.some((c) => c.metric === 'cold_start'), 'a metric neither side has is left out');
  });

  it('does not fail the gate on a significant change within the threshold', () => {
    const cand = rows('a', [10.5, 10.7, 10.4, 10.6, 10.8, 10.3]);
    const r = compareResults(base, cand, metrics, [rule('p99:+10%')]);
    assert.equal(r.comparisons.find((c) => c.metric === 'p99')?.verdict, 'worse');
    assert.equal(r.gate.regressions.length, 0);
  });

  it('says too few runs instead of guessing', () => {
    const r = compareResults(rows('a', [10, 10, 10]), rows('a', [20, 20, 20]), metrics, [rule('p99:+10%')]);
    assert.equal(r.comparisons.find((c) => c.metric === 'p99')?.verdict, 'too few runs');
    assert.equal(r.gate.regressions.length, 0);
    assert.equal(r.gate.verdict, 'could not test');
  });

  it('judges a size by its value, however few the runs', () => {
    const sized = (bytes: number) => rows('a', [10]).map((r) => ({ ...r, binary_bytes: bytes }));
    const grew = compareResults(sized(6_000_000), sized(6_600_000), [metric('binary')], [rule('binary:+5%')]);
    assert.equal(grew.comparisons[0]?.verdict, 'worse');
    assert.equal(grew.gate.regressions.length, 1);
    const same = compareResults(sized(6_000_000), sized(6_000_000), [metric('binary')], [rule('binary:+5%')]);
    assert.equal(same.comparisons[0]?.verdict, '~');
    assert.equal(same.gate.regressions.length, 0);
  });

  it('ignores failed runs', () => {
    const cand = [...rows('a', [10, 10.2, 9.9, 10.1, 10.3, 9.8]), resultRow({ cell_id: 'a', status: 'failed', latency_p99_us: null })];
    const r = compareResults(base, cand, metrics, []);
    assert.equal(r.comparisons.find((c) => c.metric === 'p99')?.candidateN, 6);
  });
});
