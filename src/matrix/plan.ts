import { createHash } from 'node:crypto';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { Cell, Matrix, Plan, PlannedRun } from '../types.ts';
import { expandCells } from './expand.ts';

/** Slice k of n (1-based) of a sweep's cells, for one machine of several. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The seed of a matrix that gives none: from its file's hash, so --dry-run
 * shows the order the run will use, and every shard of it plans the same.
 */
export function seedOf(matrix: Matrix): number {
  return matrix.run.seed ?? createHash('sha256').update(matrix.hash).digest().readUInt32BE(0) >>> 1;
}

/**
 * Orders the runs in rounds: each round runs every cell once, in a seeded
 * shuffle, so drift of the machine spreads over all cells instead of biasing one.
 * With a shard, only every count-th cell (from the index-th) is planned.
 */
export function planRuns(matrix: Matrix, seed: number = seedOf(matrix), shard?: Shard): Plan {
  const cells = expandCells(matrix).filter((_, i) => !shard || i % shard.count === shard.index - 1);
  const rng = xoroshiro128plus(seed);
  const runs: PlannedRun[] = [];
  for (let repetition = 1; repetition <= matrix.run.repetitions; repetition++) {
    const round: Cell[] = [...cells];
    for (let i = round.length - 1; i > 0; i--) {
      const j = unsafeUniformIntDistribution(0, i, rng);
      [round[i], round[j]] = [round[j] as Cell, round[i] as Cell];
    }
    for (const cell of round) {
      runs.push({ runId: `${cell.id}#${repetition}`, cell, repetition, order: runs.length + 1 });
    }
  }
  return { matrix, cells, runs, seed, shard: shard ?? null };
}
