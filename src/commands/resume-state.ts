import path from 'node:path';
import { UsageError } from '../errors.ts';
import type { Shard } from '../matrix/plan.ts';
import type { Matrix, SweepMeta } from '../types.ts';
import { readMeta } from '../write/meta.ts';
import { recoverFolder } from '../write/recover.ts';
import { headerMismatch, readResultRows, RESULTS_FILE } from '../write/results-writer.ts';
import { resumeOverrides, type RunOverrides } from './run-overrides.ts';

/** A sweep to finish, as its folder has it. */
export interface ResumeState {
  meta: SweepMeta;
  /** Run ids results.csv has. */
  done: Set<string>;
  /** The command-line overrides it began with. */
  overrides: RunOverrides;
  /** Lines of the run a crash cut short, dropped from the folder. */
  dropped: number;
}

/** The sweep in `dir` to finish: its meta.json, the runs it has, and the overrides it began with (`given` must agree with them). */
export function resumeState(dir: string, matrix: Matrix, given: RunOverrides, shard: Shard | undefined): ResumeState {
  let meta: SweepMeta;
  try {
    meta = readMeta(dir);
  } catch {
    throw new UsageError([{ file: dir, line: 0, col: 0, path: '', message: 'not a results folder (no readable meta.json)', fix: 'pass the folder a sweep printed, e.g. --resume results/quickstart-20261122-101500' }]);
  }
  if (meta.matrix.hash !== matrix.hash) {
    throw new UsageError([{ file: meta.matrix.file, line: 0, col: 0, path: '', message: 'the matrix changed since this sweep began, so its runs are not comparable', fix: 'restore the matrix as it was, or start a new sweep without --resume (or with another --out folder)' }]);
  }
  if (shard && (shard.index !== meta.shard?.index || shard.count !== meta.shard.count)) {
    const theirs = meta.shard ? `shard ${meta.shard.index}/${meta.shard.count}` : 'the whole sweep';
    throw new UsageError([{ file: dir, line: 0, col: 0, path: '', message: `this folder holds ${theirs}, not shard ${shard.index}/${shard.count}`, fix: 'give each shard a folder of its own, e.g. --out results/<name>-shard<k>' }]);
  }
  // The lines of the run a crash cut short go (--resume runs it again), a torn header with them.
  const dropped = recoverFolder(dir);
  const mismatch = headerMismatch(dir, matrix.axes);
  if (mismatch) {
    throw new UsageError([{ file: path.join(dir, RESULTS_FILE), line: 1, col: 1, path: '', message: `this results.csv was written by another gosweep version (${mismatch}), so new rows would not line up`, fix: 'finish it with the gosweep that began it, or start a new sweep without --resume (or with another --out folder)' }]);
  }
  const overrides = resumeOverrides(given, meta.argv ?? [], dir);
  return { meta, done: new Set(readResultRows(dir).flatMap((r) => (r.run_id === null ? [] : [r.run_id]))), overrides, dropped };
}
