import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateRunMs } from '../../../src/matrix/estimate.ts';
import { expandCells } from '../../../src/matrix/expand.ts';
import { assignShards, planRuns, shardFromEnv } from '../../../src/matrix/plan.ts';
import type { Axis, Matrix } from '../../../src/types.ts';
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

describe('shards balanced by estimated time', () => {
  /** A matrix of the hello workload over these axes besides it. */
  const over = (...axes: Axis[]): Matrix => matrix({ workloads: matrix().workloads.slice(0, 1), axes: [{ name: 'workload', values: ['hello'] }, ...axes] });
  /** Cells whose estimates differ: idle gaps of 0 to 10 s, on docker and lambda-local, at three concurrencies. */
  const mixed = over({ name: 'idleGap', values: [0, 1, 2, 5, 10] }, { name: 'target', values: ['docker', 'lambda-local'] }, { name: 'concurrency', values: [1, 2, 4] });
  const estimates = (m: Matrix) => expandCells(m).map((c) => estimateRunMs(m.run, c));
  const totals = (m: Matrix, shards: number[], count: number) => {
    const sums = new Array<number>(count).fill(0);
    estimates(m).forEach((ms, i) => {
      const k = (shards[i] as number) - 1;
      sums[k] = (sums[k] as number) + ms;
    });
    return sums;
  };
  const roundRobin = (cells: number, count: number) => Array.from({ length: cells }, (_, i) => (i % count) + 1);

  it('gives cell i to shard i % n + 1 when every cell has the same estimate, as round robin did', () => {
    const equal = [matrix(), over({ name: 'concurrency', values: [1, 2, 4, 8, 16, 32, 64] }), over({ name: 'target', values: ['lambda-local'] }, { name: 'concurrency', values: [1, 2, 3, 4, 5] })];
    for (const m of equal) {
      const cells = expandCells(m);
      assert.equal(new Set(estimates(m)).size, 1);
      for (let count = 1; count <= 8; count++) assert.deepEqual(assignShards(cells, m.run, count), roundRobin(cells.length, count), `${cells.length} cells in ${count} shards`);
    }
  });

  it('puts every cell in exactly one shard, the max shard within one largest cell of the mean (LPT bound)', () => {
    const cells = expandCells(mixed);
    const largest = Math.max(...estimates(mixed));
    assert.ok(new Set(estimates(mixed)).size > 5, 'the cells differ in estimate');
    for (let count = 1; count <= 7; count++) {
      const shards = assignShards(cells, mixed.run, count);
      assert.ok(shards.every((k) => Number.isInteger(k) && k >= 1 && k <= count));
      const planned = Array.from({ length: count }, (_, k) => planRuns(mixed, 1, { index: k + 1, count }).cells.map((c) => c.id));
      assert.deepEqual(planned.flat().sort(), cells.map((c) => c.id).sort(), 'the shards together are the unsharded cells, each once');
      const sums = totals(mixed, shards, count);
      const mean = sums.reduce((a, b) => a + b, 0) / count;
      assert.ok(Math.max(...sums) <= mean + largest, `${count} shards: max ${Math.max(...sums)} ms, mean ${mean} ms, largest cell ${largest} ms`);
    }
  });

  it('balances better than round robin where round robin is uneven', () => {
    // Round robin gives shard 1 the 30 s and 20 s gaps and shard 2 the 1 s and 2 s ones.
    const skewed = over({ name: 'concurrency', values: [8] }, { name: 'idleGap', values: [30, 1, 20, 2] });
    const cells = expandCells(skewed);
    const balanced = Math.max(...totals(skewed, assignShards(cells, skewed.run, 2), 2));
    const old = Math.max(...totals(skewed, roundRobin(cells.length, 2), 2));
    assert.ok(balanced < old, `max shard ${balanced} ms, round robin's ${old} ms`);
    assert.deepEqual(assignShards(cells, skewed.run, 2), [1, 2, 2, 2], 'longest first: 30 s to shard 1, then 20, 2 and 1 s to the lighter shard 2');
  });

  it('plans every run of the unsharded plan in exactly one shard, whatever the seed', () => {
    for (const m of [matrix(), mixed]) {
      const all = planRuns(m, 3).runs.map((r) => r.runId);
      for (let count = 1; count <= 5; count++) {
        const ids = Array.from({ length: count }, (_, k) => planRuns(m, 3, { index: k + 1, count }).runs.map((r) => r.runId)).flat();
        assert.equal(new Set(ids).size, ids.length, 'no run twice');
        assert.deepEqual(ids.sort(), [...all].sort());
        const cellsAt = (seed: number) => planRuns(m, seed, { index: 1, count }).cells.map((c) => c.id);
        assert.deepEqual(cellsAt(3), cellsAt(99), 'the seed shuffles the order, not the shard');
      }
    }
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
