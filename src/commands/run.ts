import fs from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import { UsageError } from '../errors.ts';
import { removeManagedContainers } from '../launch/cleanup.ts';
import { liveCount, removeAll } from '../launch/live-containers.ts';
import { removeStaleRegistryTags } from '../launch/registry.ts';
import { handleInterrupts } from './interrupts.ts';
import { loadMatrix, planRuns } from '../matrix/index.ts';
import type { Shard } from '../matrix/plan.ts';
import { connectDocker, inspectDockerHost } from '../preflight/docker-host.ts';
import { goVersion } from '../preflight/go-toolchain.ts';
import { formatPlan, formatSummary } from '../report/tables.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { describeSweep, readMeta, writeMeta, type SweepMeta } from '../write/meta.ts';
import { readResultRows, RESULTS_FILE } from '../write/results-writer.ts';
import { writeSummary } from '../write/summary-writer.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';

export interface RunOptions {
  dryRun?: boolean;
  resume?: string;
  resultsDir: string;
  seed?: number;
  shard?: Shard;
}

const out = (line = '') => process.stdout.write(`${line}\n`);

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function resumeState(dir: string, matrixHash: string): { meta: SweepMeta; done: Set<string> } {
  let meta: SweepMeta;
  try {
    meta = readMeta(dir);
  } catch {
    throw new UsageError([{ file: dir, line: 0, col: 0, path: '', message: 'not a results folder (no readable meta.json)', fix: 'pass the folder a sweep printed, e.g. --resume results/quickstart-20261122-101500' }]);
  }
  if (meta.matrix.hash !== matrixHash) {
    throw new UsageError([{ file: meta.matrix.file, line: 0, col: 0, path: '', message: 'the matrix changed since this sweep began, so its runs are not comparable', fix: 'restore the matrix as it was, or start a new sweep without --resume' }]);
  }
  return { meta, done: new Set(readResultRows(dir).map((r) => String(r.run_id))) };
}

export async function runCommand(matrixFile: string, opts: RunOptions): Promise<number> {
  // Everything is validated before a results folder or container exists.
  const draft = loadMatrix(matrixFile);
  if (opts.dryRun) {
    out(formatPlan(planRuns(draft, opts.seed, opts.shard)));
    return EXIT_OK;
  }
  const docker = connectDocker();
  const host = await inspectDockerHost(docker);
  const go = await goVersion();
  const matrix = loadMatrix(matrixFile, { cpus: host.cpus, memoryBytes: host.memoryBytes });
  const resumed = opts.resume ? resumeState(opts.resume, matrix.hash) : null;
  const shard = resumed ? (resumed.meta.shard ?? undefined) : opts.shard;
  const plan = planRuns(matrix, resumed?.meta.seed ?? opts.seed, shard);
  const shardSuffix = shard ? `-shard${shard.index}of${shard.count}` : '';
  const sweepId = resumed?.meta.sweepId ?? `${matrix.name}-${timestamp()}${shardSuffix}`;
  const dir = opts.resume ?? path.join(opts.resultsDir, sweepId);

  const orphans = await removeManagedContainers(docker, { onlyOrphans: true });
  if (orphans.length > 0) process.stderr.write(`removed ${orphans.length} container(s) left by an earlier crashed sweep\n`);
  const staleTags = await removeStaleRegistryTags(docker);
  if (staleTags.length > 0) process.stderr.write(`gave ${staleTags.length} image(s) pulled by an earlier crashed sweep their own tags back\n`);

  fs.mkdirSync(dir, { recursive: true });
  const meta = resumed?.meta ?? (await describeSweep(plan, sweepId, host, go));
  meta.finishedAt = null;
  meta.stoppedEarly = null;
  writeMeta(dir, meta);
  out(`${resumed ? 'resuming' : 'sweep'} ${sweepId}: ${plan.runs.length - (resumed?.done.size ?? 0)} of ${plan.runs.length} runs to go, results in ${dir}`);

  const interrupts = handleInterrupts();
  const crash = (err: unknown) => {
    meta.stoppedEarly = `crashed: ${(err as Error)?.stack ?? String(err)}`;
    writeMeta(dir, meta);
    void removeAll().finally(() => process.exit(70));
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  try {
    const tally = await runSweep(plan, { docker, host, resultsDir: dir, sweepId, signal: interrupts.signal, done: resumed?.done ?? new Set() });
    meta.finishedAt = tally.interrupted ? null : new Date().toISOString();
    meta.stoppedEarly = tally.interrupted ? 'interrupted' : null;
    writeMeta(dir, meta);
    const summaries = writeSummary(dir);
    if (summaries.length > 0) out(`\n${formatSummary(summaries)}`);
    out(`\nresults: ${path.join(dir, RESULTS_FILE)} (${tally.completed} completed, ${tally.failed} failed)`);
    if (tally.interrupted) {
      out(pc.yellow(`interrupted; finish with: gosweep run ${matrixFile} --resume ${dir}`));
      return EXIT_INTERRUPTED;
    }
    return tally.failed > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    interrupts.dispose();
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    if (liveCount() > 0) await removeAll();
  }
}
