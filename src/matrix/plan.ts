import { createHash } from 'node:crypto';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import type { Cell, Matrix, Plan, PlannedRun, RunSettings } from '../types.ts';
import { estimateRunMs } from './estimate.ts';
import { expandCells } from './expand.ts';

/** Slice k of n (1-based) of a sweep's cells, for one machine of several. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * `--shard auto`: the slice the engine running this job names. Cloud Run Jobs
 * set CLOUD_RUN_TASK_INDEX and CLOUD_RUN_TASK_COUNT; a Kubernetes Indexed Job
 * sets JOB_COMPLETION_INDEX, and its count comes from GOSWEEP_SHARD_COUNT
 * (the Job's completions). Both indices are 0-based. A string says why not.
 */
export function shardFromEnv(env: Record<string, string | undefined>): Shard | string {
  const at = (index: string | undefined, count: string | undefined, names: string): Shard | string => {
    const [i, n] = [Number(index), Number(count)];
    if (!Number.isInteger(i) || !Number.isInteger(n) || n < 1 || i < 0 || i >= n) return `${names} must be a 0-based index below a count of 1 or more (got ${index ?? 'unset'} of ${count ?? 'unset'})`;
    return { index: i + 1, count: n };
  };
  if (env.CLOUD_RUN_TASK_INDEX !== undefined) return at(env.CLOUD_RUN_TASK_INDEX, env.CLOUD_RUN_TASK_COUNT, 'CLOUD_RUN_TASK_INDEX and CLOUD_RUN_TASK_COUNT');
  if (env.JOB_COMPLETION_INDEX !== undefined) return at(env.JOB_COMPLETION_INDEX, env.GOSWEEP_SHARD_COUNT, 'JOB_COMPLETION_INDEX and GOSWEEP_SHARD_COUNT (the Job\'s completions)');
  return 'no engine named a shard: --shard auto reads CLOUD_RUN_TASK_INDEX/CLOUD_RUN_TASK_COUNT (Cloud Run Jobs) or JOB_COMPLETION_INDEX with GOSWEEP_SHARD_COUNT (Kubernetes Indexed Jobs); in a CI matrix give --shard k/n';
}

/**
 * The seed of a matrix that gives none: from its file's hash, so --dry-run
 * shows the order the run will use, and every shard of it plans the same.
 */
export function seedOf(matrix: Matrix): number {
  return matrix.run.seed ?? createHash('sha256').update(matrix.hash).digest().readUInt32BE(0) >>> 1;
}

/**
 * The shard (1-based) of each cell, balanced by estimated time: longest first,
 * ties in expansion order, each to the shard with the least so far (ties: the
 * lowest). Deterministic and independent of the seed; every run of a cell has
 * the same estimate, so one run's is enough.
 */
export function assignShards(cells: Pick<Cell, 'target' | 'idleGapSeconds'>[], settings: RunSettings, count: number): number[] {
  const estimates = cells.map((cell) => estimateRunMs(settings, cell));
  const order = estimates.map((_, i) => i).sort((a, b) => (estimates[b] as number) - (estimates[a] as number) || a - b);
  const totals = new Array<number>(count).fill(0);
  const shards = new Array<number>(cells.length);
  for (const i of order) {
    let least = 0;
    for (let k = 1; k < count; k++) if ((totals[k] as number) < (totals[least] as number)) least = k;
    totals[least] = (totals[least] as number) + (estimates[i] as number);
    shards[i] = least + 1;
  }
  // With equal estimates this is round robin: cell i goes to shard i % count + 1.
  return shards;
}

/**
 * Orders the runs in rounds: each round runs every cell once, in a seeded
 * shuffle, so drift of the machine spreads over all cells instead of biasing one.
 * With a shard, only the cells assignShards gives it are planned.
 */
export function planRuns(matrix: Matrix, seed: number = seedOf(matrix), shard?: Shard): Plan {
  const all = expandCells(matrix);
  const shardOf = shard ? assignShards(all, matrix.run, shard.count) : [];
  const cells = shard ? all.filter((_, i) => shardOf[i] === shard.index) : all;
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
  const estimateMs = runs.reduce((sum, run) => sum + estimateRunMs(matrix.run, run.cell), 0);
  return { matrix, cells, runs, seed, shard: shard ?? null, estimateMs };
}
