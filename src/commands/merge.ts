import path from 'node:path';
import { UsageError, type Problem } from '../errors.ts';
import { folderTimestamp } from '../write/meta.ts';
import { hostDifferences, readShard, shardProblems, writeMerged, type ShardFolder } from '../write/merge.ts';
import { EXIT_OK } from './exit-codes.ts';

/** Joins the shards of one sweep into one results folder that report and compare read as any other. */
export async function mergeCommand(dirs: string[], opts: { resultsDir: string }): Promise<number> {
  const read = dirs.map(readShard);
  const unreadable = read.filter((r): r is Problem => 'message' in r);
  if (unreadable.length > 0) throw new UsageError(unreadable);
  const shards = read as ShardFolder[];
  const problems = shardProblems(shards);
  if (problems.length > 0) throw new UsageError(problems);
  for (const warning of hostDifferences(shards)) process.stderr.write(`warning: ${warning}\n`);
  const sweepId = `${shards[0]?.meta.matrix.name ?? 'sweep'}-${folderTimestamp()}-merged`;
  const dir = path.join(opts.resultsDir, sweepId);
  const meta = writeMerged(shards, dir, sweepId);
  process.stdout.write(`merged ${shards.length} shards, ${meta.cells} cells, ${meta.runs} runs: ${dir}\n`);
  return EXIT_OK;
}
