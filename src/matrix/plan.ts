import { randomInt } from 'node:crypto';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { Cell, Matrix, Plan, PlannedRun } from '../types.ts';
import { expandCells } from './expand.ts';

/** Slice k of n (1-based) of a sweep's cells, for one machine of several. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Orders the runs in rounds: each round runs every cell once, in a seeded
 * shuffle, so drift of the machine spreads over all cells instead of biasing one.
 * With a shard, only every count-th cell (from the index-th) is planned.
 */
export function planRuns(matrix: Matrix, seed: number = matrix.run.seed ?? randomInt(2 ** 31 - 1), shard?: Shard): Plan {
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
