import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootstrapRatio, judgeClaim } from '../../src/report/claims.ts';
import type { Claim } from '../../src/types.ts';
import type { ResultRow } from '../../src/types.ts';

/** Runs of the cell with GOMAXPROCS=g at the given p99s (ms), at cpus=1. */
const runs = (g: string, p99Ms: number[], extra: Record<string, string> = {}): ResultRow[] =>
  p99Ms.map((p) => ({ status: 'completed', param_cpus: '1', param_env_GOMAXPROCS: g, latency_p99_us: p * 1000, oom_kills: '0', ...extra }));

const ratioClaim = (atLeast: number): Claim => ({
  id: 'C1', says: 'p99 rises with GOMAXPROCS', metric: 'p99', where: { cpus: 1 },
  ratio: { of: { 'env.GOMAXPROCS': 16 }, to: { 'env.GOMAXPROCS': 1 } }, atLeast,
});

describe('judgeClaim', () => {
  const rows = [...runs('16', [120, 118, 125, 122, 119, 121]), ...runs('1', [44, 45, 43, 46, 44, 45]), ...runs('', [160, 165, 158])];

  it('reproduces a ratio whose whole interval meets the bound', () => {
    const r = judgeClaim(ratioClaim(2), rows);
    assert.equal(r.verdict, 'reproduced');
    assert.ok(r.measured !== null && Math.abs(r.measured - 120.5 / 44.5) < 0.01);
    assert.ok(r.low !== null && r.high !== null && r.low <= r.measured && r.measured <= r.high);
    assert.equal(r.n, '6 vs 6 runs');
  });

  it('does not reproduce a ratio whose whole interval misses it', () => {
    assert.equal(judgeClaim(ratioClaim(7), rows).verdict, 'not reproduced');
  });

  it('is inconclusive when the interval straddles the bound, or runs are too few', () => {
    const spread = [...runs('16', [60, 140, 90, 130, 70, 100]), ...runs('1', [44, 45, 43, 46, 44, 45])];
    assert.equal(judgeClaim(ratioClaim(2), spread).verdict, 'inconclusive');
    const few = judgeClaim(ratioClaim(2), [...runs('16', [120, 121]), ...runs('1', [44, 45])]);
    assert.equal(few.verdict, 'inconclusive');
    assert.match(few.interval, /too few runs/);
  });

  it('judges a value claim on every matching run, unset matching an empty cell', () => {
    const oom = [...runs('', [1, 1, 1], { oom_kills: '3' }), ...runs('', [1], { oom_kills: '0' }), ...runs('1', [1, 1], { oom_kills: '0' })];
    const some: Claim = { id: 'C3', says: 'without a limit it is killed', metric: 'oom_kills', where: { 'env.GOMAXPROCS': 'unset' }, atLeast: 1 };
    assert.equal(judgeClaim(some, oom).verdict, 'inconclusive', 'one run of four was not killed');
    const none: Claim = { id: 'C3', says: 'with it, never', metric: 'oom_kills', where: { 'env.GOMAXPROCS': 1 }, atMost: 0 };
    assert.equal(judgeClaim(none, oom).verdict, 'reproduced');
    assert.equal(judgeClaim({ ...none, where: { 'env.GOMAXPROCS': 99 } }, oom).interval, 'no runs match');
  });

  it('gives no interval when the denominator is mostly zero', () => {
    const zeros: ResultRow[] = [
      ...runs('16', [1, 1, 1], { oom_kills: '2' }),
      ...runs('1', [1, 1, 1, 1], { oom_kills: '0' }),
    ];
    const claim: Claim = { id: 'C3', says: 'x', metric: 'oom_kills', where: {}, ratio: { of: { 'env.GOMAXPROCS': 16 }, to: { 'env.GOMAXPROCS': 1 } }, atLeast: 1 };
    const r = judgeClaim(claim, zeros);
    assert.equal(r.verdict, 'inconclusive');
    assert.equal(r.interval, "the denominator's median is zero");
  });

  it('draws the same bootstrap interval every time', () => {
    assert.deepEqual(bootstrapRatio([3, 4, 5, 6], [1, 2, 2, 3]), bootstrapRatio([3, 4, 5, 6], [1, 2, 2, 3]));
  });
});
