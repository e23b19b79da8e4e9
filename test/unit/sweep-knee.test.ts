import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeStep, searchKnee } from '../../src/sweep/knee.ts';
import type { LoadResult } from '../../src/types.ts';
import { cells, completedOutcome } from '../helpers/outcomes.ts';

const load = (patch: Partial<LoadResult>): LoadResult => {
  const base = completedOutcome(cells[0]!, 1);
  assert.ok(base.state === 'completed');
  return { ...base.load, errors: { timeout: 0, connection: 0, http: 0, other: 0 }, successes: 1000, requests: 1000, ...patch };
};

describe('judgeStep', () => {
  const cases: Array<[string, Partial<LoadResult>, boolean, RegExp]> = [
    ['p99 under the bound', {}, true, /p99 5\.0 ms/],
    ['p99 over the bound', { latency: { ...load({}).latency, p99Us: 60_000 } }, false, /p99 60\.0 ms > 50 ms/],
    ['over 1% errors', { successes: 980 }, false, /20 of 1000 requests failed/],
    ['a sender behind', { schedule: { targetRps: 100, sentRps: 80, sendLagP99Us: 50_000 } }, false, /sender fell behind \(80 rps sent\)/],
    ['no successful request', { successes: 0, latency: { ...load({}).latency, p99Us: Number.NaN } }, false, /requests failed/],
  ];
  for (const [name, patch, passed, why] of cases) {
    it(name, () => {
      const verdict = judgeStep(load(patch), 50);
      assert.equal(verdict.passed, passed);
      assert.match(verdict.why, why);
    });
  }
});

describe('searchKnee', () => {
  it('doubles until a step fails, then bisects to the highest passing rate', async () => {
    const tried: Array<[number, number]> = [];
    const knee = await searchKnee(async (rps, warmup) => (tried.push([rps, warmup]), rps <= 300), 2, { p99BoundMs: 50, startRps: 50, maxRps: 10_000, bisections: 3 });
    assert.equal(knee, 300);
    assert.deepEqual(tried, [[50, 2], [100, 0], [200, 0], [400, 0], [300, 0], [350, 0], [325, 0]], 'only the first step warms up');
  });

  it('finds no knee when the first rate fails, and stops at maxRps when none does', async () => {
    assert.equal(await searchKnee(async () => false, 0, { p99BoundMs: 50, startRps: 50, maxRps: 1000, bisections: 3 }), null);
    const tried: number[] = [];
    assert.equal(await searchKnee(async (rps) => (tried.push(rps), true), 0, { p99BoundMs: 50, startRps: 100, maxRps: 1000, bisections: 3 }), 800);
    assert.deepEqual(tried, [100, 200, 400, 800]);
  });
});
