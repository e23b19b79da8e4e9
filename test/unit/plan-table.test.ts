import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRuns } from '../../src/matrix/plan.ts';
import { formatEstimate, formatPlan, LARGE_SWEEP, planWarnings } from '../../src/report/plan-table.ts';
import { estimateRunMs } from '../../src/matrix/estimate.ts';
import { matrix } from '../helpers/matrix.ts';

/** A matrix of `cells` cells: one workload, one GOGC value per cell. */
const sized = (cells: number) =>
  matrix({
    workloads: matrix().workloads.slice(0, 1),
    axes: [
      { name: 'workload', values: ['hello'] },
      { name: 'concurrency', values: [8] },
      { name: 'env.GOGC', values: Array.from({ length: cells }, (_, i) => String(i + 1)) },
    ],
  });

describe('plan size and estimate', () => {
  it('estimates a sweep as its runs times estimateRunMs, the one source (#13)', () => {
    const plan = planRuns(matrix());
    assert.equal(plan.estimateMs, plan.runs.length * estimateRunMs(plan.matrix.run));
    assert.match(formatPlan(plan), new RegExp(`about ${formatEstimate(plan.estimateMs)} in all`));
  });

  const durations: Array<[number, string]> = [[20_000, '20 s'], [58_400, '1 min'], [686_000, '11 min'], [3 * 3_600_000, '3 h'], [27.25 * 3_600_000, '27.3 h'], [12.2 * 86_400_000, '12.2 days']];
  for (const [ms, text] of durations) it(`rounds ${ms} ms to "${text}"`, () => assert.equal(formatEstimate(ms), text));

  it('warns of a shard with no cells, and how to avoid it', () => {
    const plan = planRuns(sized(2), 1, { index: 3, count: 3 });
    assert.equal(plan.cells.length, 0);
    assert.match(planWarnings(plan)[0] ?? '', /shard 3\/3 has no cells .*\n\s+fix: run fewer shards/);
    assert.deepEqual(planWarnings(planRuns(sized(2), 1, { index: 2, count: 2 })), []);
  });

  it('says nothing about a sweep of ordinary size', () => {
    assert.deepEqual(planWarnings(planRuns(sized(10))), []);
  });

  it(`warns above ${LARGE_SWEEP.cells} cells, saying how to cut it (#12)`, () => {
    const [warning, ...rest] = planWarnings(planRuns(sized(LARGE_SWEEP.cells + 1)));
    assert.equal(rest.length, 0);
    assert.match(warning ?? '', /1,001 cells × 3 repetitions = 3,003 runs, about .* on one machine/);
    assert.match(warning ?? '', /fix: cut it with exclude entries/);
    assert.doesNotMatch(warning ?? '', /--shard/, 'a few hours on one machine need no second one');
  });

  it('warns when the estimate is past the limit, even with few cells (#12)', () => {
    const long = { ...sized(10), run: { ...matrix().run, repetitions: 1000, durationSeconds: 30 } };
    assert.ok(planRuns(long).estimateMs > LARGE_SWEEP.estimateMs);
    assert.match(planWarnings(planRuns(long))[0] ?? '', /--shard k\/\d+ .*about .* each/);
  });

  it('judges a shard by its own slice', () => {
    const plan = planRuns(sized(LARGE_SWEEP.cells + 1), 1, { index: 1, count: 2 });
    assert.deepEqual(planWarnings(plan), []);
  });
});
