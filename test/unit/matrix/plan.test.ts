import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRuns, shardFromEnv } from '../../../src/matrix/plan.ts';
import { matrix } from '../../helpers/matrix.ts';

describe('planRuns', () => {
  it('runs every cell once per round, rounds in order', () => {
    const plan = planRuns(matrix(), 42);
    assert.equal(plan.runs.length, plan.cells.length * 3);
    for (let round = 0; round < 3; round++) {
      const ids = plan.runs.slice(round * 4, round * 4 + 4);
      assert.deepEqual(new Set(ids.map((r) => r.cell.id)).size, 4);
      assert.ok(ids.every((r) => r.repetition === round + 1));
    }
    assert.deepEqual(plan.runs.map((r) => r.order), plan.runs.map((_, i) => i + 1));
  });

  it('repeats the order for the same seed and shuffles it for another', () => {
    const order = (seed: number) => planRuns(matrix(), seed).runs.map((r) => r.runId).join(',');
    assert.equal(order(42), order(42));
    const distinct = new Set([1, 2, 3, 4, 5, 6, 7, 8].map(order));
    assert.ok(distinct.size > 1, 'eight seeds should not all give one order');
  });

  it('splits the cells into disjoint shards that cover them all', () => {
    const all = planRuns(matrix(), 1).cells.map((c) => c.id);
    const shards = [1, 2, 3].map((index) => planRuns(matrix(), 1, { index, count: 3 }));
    assert.deepEqual(shards.flatMap((p) => p.cells.map((c) => c.id)).sort(), [...all].sort());
    assert.deepEqual(shards.map((p) => p.cells.length), [2, 1, 1]);
    assert.ok(shards.every((p) => p.runs.length === p.cells.length * 3));
  });

  it('takes the seed from the matrix when none is given', () => {
    assert.equal(planRuns(matrix()).seed, 7);
  });
});

describe('planRuns seed (#14)', () => {
  it('derives the seed from the matrix hash when neither --seed nor run.seed gives one, so --dry-run and the run agree', () => {
    const unseeded = (hash: string) => matrix({ hash, run: { ...matrix().run, seed: null } });
    const a = planRuns(unseeded('abc'));
    assert.equal(a.seed, planRuns(unseeded('abc')).seed);
    assert.deepEqual(a.runs.map((r) => r.runId), planRuns(unseeded('abc')).runs.map((r) => r.runId));
    assert.ok(Number.isInteger(a.seed) && a.seed >= 0 && a.seed <= 2 ** 31 - 1);
    assert.notEqual(a.seed, planRuns(unseeded('abd')).seed, 'another file, another seed');
    assert.equal(planRuns(unseeded('abc'), 5).seed, 5, '--seed still overrides');
  });
});

describe('shardFromEnv (--shard auto)', () => {
  it('reads the 0-based task index and count Cloud Run Jobs and Kubernetes Indexed Jobs set, as slice k of n', () => {
    assert.deepEqual(shardFromEnv({ CLOUD_RUN_TASK_INDEX: '0', CLOUD_RUN_TASK_COUNT: '3' }), { index: 1, count: 3 });
    assert.deepEqual(shardFromEnv({ CLOUD_RUN_TASK_INDEX: '2', CLOUD_RUN_TASK_COUNT: '3' }), { index: 3, count: 3 });
    assert.deepEqual(shardFromEnv({ JOB_COMPLETION_INDEX: '1', GOSWEEP_SHARD_COUNT: '4' }), { index: 2, count: 4 });
  });

  it('says what is missing or wrong, and what a CI matrix gives instead', () => {
    assert.match(String(shardFromEnv({ JOB_COMPLETION_INDEX: '1' })), /GOSWEEP_SHARD_COUNT.*got 1 of unset/);
    assert.match(String(shardFromEnv({ CLOUD_RUN_TASK_INDEX: '3', CLOUD_RUN_TASK_COUNT: '3' })), /below a count/);
    assert.match(String(shardFromEnv({})), /no engine named a shard.*--shard k\/n/);
  });
});
