import fs from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import { HarnessError, redact, UsageError, type Problem } from '../errors.ts';
import { exitOnCrash, onCrash } from './crash.ts';
import { handleInterrupts } from './interrupts.ts';
import { loadMatrix, planRuns, printWarning, thisMachine, type HostLimits } from '../matrix/index.ts';
import type { Shard } from '../matrix/plan.ts';
import { goVersion } from '../preflight/go-toolchain.ts';
import { formatPlan, planWarnings } from '../report/plan-table.ts';
import { judgeClaims } from '../report/report.ts';
import { formatSummary } from '../report/tables.ts';
import { formatVerdicts } from '../report/verdict-lines.ts';
import { toJsonEvent, type SweepJsonEvent, type SweepListener } from '../sweep/events.ts';
import { Progress, quietListener } from '../sweep/progress.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { missingImagesIfReachable } from '../build/index.ts';
import { checkCells, closeTargets, openTargets, TARGET_NAMES, targetModule, uniqueWorkloads, type Target } from '../targets/index.ts';
import { liveCount, removeAll } from '../targets/live.ts';
import type { Matrix } from '../types.ts';
import { takeLease } from '../write/lease.ts';
import { describeSweep, folderTimestamp, META_FILE, writeMeta } from '../write/meta.ts';
import { readResultRows, RESULTS_FILE } from '../write/results-writer.ts';
import { writeSummary } from '../write/summary-writer.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';
import { output, type OutputOptions } from './output.ts';
import { describeOverrides, withOverrides, type RunOverrides } from './run-overrides.ts';
import { resumeState } from './resume-state.ts';

export interface RunOptions extends OutputOptions {
  dryRun?: boolean;
  resume?: string;
  /** This results folder exactly; a sweep already in it is resumed (a retried Job task or pod). */
  out?: string;
  resultsDir: string;
  seed?: number;
  shard?: Shard;
  /** run: settings from the command line (--runs, --duration, --warmup, --cold-starts). */
  overrides?: RunOverrides;
}

/** The matrix, validated offline in one pass: its own problems and its cells' on their targets, warnings to stderr. */
function validate(matrixFile: string, limits: HostLimits = {}, warn?: (warning: Problem) => void): Matrix {
  return loadMatrix(matrixFile, { ...limits, targets: TARGET_NAMES, checkCells }, warn);
}

/** `gosweep run`: from before it reads or writes its results folder until it returns, the sweep holds the folder's lease. */
export async function runCommand(matrixFile: string, opts: RunOptions): Promise<number> {
  let release = () => {};
  try {
    return await sweep(matrixFile, opts, async (dir) => {
      release = await takeLease(dir);
    });
  } finally {
    release();
  }
}

async function sweep(matrixFile: string, opts: RunOptions, holdFolder: (dir: string) => Promise<void>): Promise<number> {
  const say = output(opts);
  const given = opts.overrides ?? {};
  // Everything is validated before a results folder, container, function or service exists.
  // Limits against this machine's CPUs and memory (the engine is local); against the engine's own once it answers.
  const loaded = validate(matrixFile, thisMachine(), printWarning);
  if (opts.dryRun) {
    // Without --seed or run.seed, planRuns derives the seed from the matrix hash: the run uses the one printed here.
    const plan = planRuns(withOverrides(loaded, given), opts.seed, opts.shard);
    for (const warning of planWarnings(plan)) process.stderr.write(`${warning}\n`);
    const notes = Object.keys(given).length > 0 ? [`from the command line: ${describeOverrides(given, loaded)}`] : [];
    // Images and Dockerfile bases are the local engine's: checked here where one answers, else when the run opens its targets.
    const missing = await missingImagesIfReachable(uniqueWorkloads(plan.cells));
    if (missing && missing.length > 0) throw new UsageError(missing);
    if (missing === null) notes.push('no Docker engine answered: image and Dockerfile workloads are checked when the sweep starts');
    process.stdout.write(`${formatPlan(plan, notes)}\n`);
    return EXIT_OK;
  }
  const go = await goVersion();
  const resumeDir = opts.resume ?? (opts.out && fs.existsSync(path.join(opts.out, META_FILE)) ? opts.out : undefined);
  if (resumeDir && fs.existsSync(resumeDir)) await holdFolder(resumeDir);
  const resumed = resumeDir ? resumeState(resumeDir, loaded, given, opts.shard) : null;
  if (resumed && resumed.dropped > 0) say.note(`dropped ${resumed.dropped} line(s) of the run a crash cut short; it runs again`);
  // A resumed sweep runs with the overrides it began with.
  const overrides = resumed?.overrides ?? given;
  const draft = withOverrides(loaded, overrides);
  const shard = resumed ? (resumed.meta.shard ?? undefined) : opts.shard;
  const seed = resumed?.meta.seed ?? opts.seed;
  const shardSuffix = shard ? `-shard${shard.index}of${shard.count}` : '';
  const sweepId = resumed?.meta.sweepId ?? `${draft.name}-${folderTimestamp()}${shardSuffix}`;
  const dir = resumeDir ?? opts.out ?? path.join(opts.resultsDir, sweepId);
  const pendingCells = planRuns(draft, seed, shard).runs.filter((r) => !resumed?.done.has(r.runId)).map((r) => r.cell);

  // What dead sweeps left goes first (resuming, all this sweep's earlier attempts left, on any host); then each target's preflight, and the limits it reports.
  for (const name of new Set(pendingCells.map((c) => c.target))) {
    const removed = await targetModule(name).cleanup({ all: false, ...(resumed && { sweep: resumed.meta.sweepId }) });
    if (removed.length > 0) say.note(`removed ${removed.length} thing(s) an earlier crashed sweep left on ${name}: ${removed.join(', ')}`);
  }
  const interrupts = handleInterrupts();
  let progress: Progress | undefined;
  const log = (line: string) => (progress ? progress.log(line) : say.note(line));
  let targets: Map<string, Target> = new Map();
  let matrix: Matrix;
  try {
    targets = await openTargets(pendingCells, { sweepId, settings: draft.run, signal: interrupts.signal, log });
    matrix = withOverrides(validate(matrixFile, targets.get('docker')?.limits ?? {}), overrides);
  } catch (err) {
    interrupts.dispose();
    await closeTargets(targets);
    if (interrupts.signal.aborted) {
      say.warn(pc.yellow('interrupted before the first run; nothing was recorded'));
      return EXIT_INTERRUPTED;
    }
    throw err;
  }
  const plan = planRuns(matrix, seed, shard);
  if (!resumed) for (const warning of planWarnings(plan)) say.warn(warning);

  fs.mkdirSync(dir, { recursive: true });
  if (!resumeDir) await holdFolder(dir);
  const facts = Object.fromEntries([...targets].map(([name, t]) => [name, t.facts]));
  const meta = resumed?.meta ?? (await describeSweep(plan, sweepId, facts, go));
  meta.finishedAt = null;
  meta.stoppedEarly = null;
  writeMeta(dir, meta);
  const overridden = Object.keys(overrides).length > 0 ? `; ${describeOverrides(overrides, loaded)} from the command line` : '';
  say.info(`${resumed ? 'resuming' : 'sweep'} ${sweepId}: ${plan.runs.length - (resumed?.done.size ?? 0)} of ${plan.runs.length} runs to go, results in ${dir}${overridden}`);

  // Progress on stderr (or, under --quiet, only what failed); under --json each event on stdout as well.
  progress = opts.quiet ? undefined : new Progress(plan.runs.length, resumed?.done.size ?? 0, plan.estimateMs / Math.max(1, plan.runs.length));
  const listeners: SweepListener[] = [progress?.listener ?? quietListener(say.warn)];
  if (opts.json) {
    listeners.push((e) => {
      const line = toJsonEvent(e);
      if (line) say.json(line);
    });
  }
  const emit: SweepListener = (e) => listeners.forEach((listener) => listener(e));

  const stopped = (err: unknown) => {
    meta.stoppedEarly = err instanceof HarnessError ? `failed: ${redact(err.message)}` : `crashed: ${redact((err as Error)?.stack ?? String(err))}`;
    try {
      writeMeta(dir, meta);
    } catch {
      // A full disk refuses this too; the error that stopped the sweep is the one to report.
    }
  };
  exitOnCrash();
  const offCrash = onCrash(stopped);
  try {
    let tally;
    try {
      tally = await runSweep(plan, { targets, resultsDir: dir, sweepId, signal: interrupts.signal, done: resumed?.done ?? new Set(), emit });
    } catch (err) {
      stopped(err);
      throw err;
    } finally {
      progress?.stop();
      await closeTargets(targets, say.warn);
    }
    meta.finishedAt = tally.interrupted ? null : new Date().toISOString();
    meta.stoppedEarly = tally.interrupted ? 'interrupted' : null;
    writeMeta(dir, meta);
    const rows = readResultRows(dir);
    const summaries = writeSummary(dir, rows);
    if (summaries.length > 0) say.info(`\n${formatSummary(summaries)}`);
    const verdicts = judgeClaims(meta, rows);
    if (verdicts.length > 0) say.info(`\n${formatVerdicts(verdicts)}`);
    const results = path.join(dir, RESULTS_FILE);
    say.result(`${say.quiet ? '' : '\n'}results: ${results} (${tally.completed} completed, ${tally.failed} failed)`);
    const { completed, failed, skipped, interrupted } = tally;
    say.json({ event: 'sweep-finished', dir, results, planned: plan.runs.length, runs: completed + failed + skipped, completed, failed, skipped, interrupted, verdicts } satisfies SweepJsonEvent);
    if (interrupted) {
      say.warn(pc.yellow(`interrupted; finish with: gosweep run ${matrixFile} --resume ${dir}`));
      return EXIT_INTERRUPTED;
    }
    return failed > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    interrupts.dispose();
    offCrash();
    if (liveCount() > 0) await removeAll();
  }
}
