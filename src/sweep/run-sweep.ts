import { describeBuild } from '../build/go-build.ts';
import { buildTool } from '../build/tools.ts';
import { HereVantage } from '../drive/here.ts';
import { errorMessage } from '../errors.ts';
import type { Deployment, Target } from '../targets/index.ts';
import { DEFAULT_TARGET, type Cell, type Plan, type PlannedRun, type ResultRow, type RunOutcome } from '../types.ts';
import { resultColumns } from '../write/columns.ts';
import { ResultsWriter } from '../write/results-writer.ts';
import type { SweepListener } from './events.ts';
import { runOne } from './run-one.ts';

export interface SweepOptions {
  /** The targets the plan's cells run on, opened (targets/index.ts). */
  targets: ReadonlyMap<string, Target>;
  resultsDir: string;
  sweepId: string;
  signal: AbortSignal;
  /** Run ids already in results.csv (from --resume). */
  done: ReadonlySet<string>;
  /** Hears each run start and finish, and the notes (built, skipped, failed builds). */
  emit: SweepListener;
}

export interface SweepTally {
  completed: number;
  failed: number;
  skipped: number;
  interrupted: boolean;
}

/** What a workload and build variant became on its target, before any run. */
type Prepared = { state: 'deployed'; deployment: Deployment } | { state: 'failed'; error: string } | { state: 'skipped'; reason: string };

/**
 * Deploys every workload and build variant to its target, then runs the plan
 * in order, appending each run's rows as soon as it ends. A failed build or
 * run is recorded and the sweep goes on.
 */
export async function runSweep(plan: Plan, opts: SweepOptions): Promise<SweepTally> {
  const { emit } = opts;
  const pending = plan.runs.filter((r) => !opts.done.has(r.runId));
  const tally: SweepTally = { completed: 0, failed: 0, skipped: 0, interrupted: false };
  const writer = new ResultsWriter(opts.resultsDir, opts.sweepId, plan.matrix.axes);
  const columns = resultColumns(plan.matrix.axes);
  const loadgen = await buildTool('loadgen');
  const prepared = new Map<string, Prepared>();
  for (const run of pending) {
    if (opts.signal.aborted) break;
    const key = deployKey(run.cell, targetOf(opts.targets, run.cell));
    if (!prepared.has(key)) prepared.set(key, await prepare(run.cell, targetOf(opts.targets, run.cell), emit));
  }
  const ctx = { here: new HereVantage(loadgen), settings: plan.matrix.run, signal: opts.signal };
  for (const run of pending) {
    if (opts.signal.aborted) break;
    emit({ event: 'run-started', run });
    const since = performance.now();
    const ready = prepared.get(deployKey(run.cell, targetOf(opts.targets, run.cell))) ?? { state: 'failed', error: 'not built' };
    const measured =
      ready.state === 'deployed'
        ? await runOne(run, targetOf(opts.targets, run.cell), ready.deployment, ctx)
        : ready.state === 'skipped'
          ? skipped(run, ready.reason)
          : buildFailure(run, ready.error);
    if (!measured) break;
    const outcome = await blamePlatform(measured, targetOf(opts.targets, run.cell), opts.signal, since);
    const written: Partial<Record<string, unknown>> = writer.append(outcome);
    tally[outcome.state]++;
    // The row as results.csv has it: its columns, in its order, empty as null.
    const row = Object.fromEntries(columns.map((column) => [column, written[column] ?? null])) as ResultRow;
    emit({ event: 'run-finished', outcome, row });
  }
  tally.interrupted = opts.signal.aborted;
  return tally;
}

async function prepare(cell: Cell, target: Target, emit: SweepListener): Promise<Prepared> {
  const key = deployKey(cell, target);
  const note = (line: string, error = false) => emit({ event: 'note', line, error });
  const skip = await target.skipReason(cell);
  if (skip) {
    note(`${key}: skipped, ${skip}`);
    return { state: 'skipped', reason: skip };
  }
  try {
    const deployment = await target.deploy(cell);
    const a = deployment.artifact;
    const sizes = [`binary ${a.binaryBytes} B`, a.imageBytes !== null ? `image ${a.imageBytes} B` : '', a.cached ? 'cached' : '', a.pullBytes !== null ? `pushed: ${a.pullBytes} B to pull` : ''];
    note(`built ${key}: ${a.ref} (${sizes.filter(Boolean).join(', ')})`);
    return { state: 'deployed', deployment };
  } catch (err) {
    note(`build of ${key} failed; its cells are recorded as failed: ${errorMessage(err)}`, true);
    return { state: 'failed', error: errorMessage(err) };
  }
}

/**
 * A run during which the platform went away (a restarted Docker engine) is
 * failed with that reason, whatever it measured; the sweep waits, bounded,
 * for the platform to come back before the next run.
 */
async function blamePlatform(outcome: RunOutcome, target: Target, signal: AbortSignal, since: number): Promise<RunOutcome> {
  if (outcome.state === 'skipped' || outcome.artifact === null) return outcome;
  const goneMs = (await target.awaitPlatform?.(signal, since)) ?? 0;
  if (goneMs === 0) return outcome;
  const why = `${target.name} went away during this run, and answered again ${(goneMs / 1000).toFixed(1)} s later`;
  if (outcome.state === 'failed') return { ...outcome, error: `${why}: ${outcome.error}` };
  const { run, cpus, startedAt, artifact, coldStarts, platform } = outcome;
  return { run, cpus, startedAt, artifact, coldStarts, state: 'failed', stage: 'drive', error: why, platform };
}

function targetOf(targets: ReadonlyMap<string, Target>, cell: Cell): Target {
  const target = targets.get(cell.target);
  if (!target) throw new Error(`target ${cell.target} was not opened for this sweep`);
  return target;
}

/** One deployment per target, workload, build variant and the target's own variant (Lambda's arch). */
function deployKey(cell: Cell, target: Target): string {
  return [cell.workload.name, ...describeBuild(cell.build), ...(target.variantOf?.(cell) ?? []), ...(cell.target === DEFAULT_TARGET ? [] : [`on ${cell.target}`])].join(' ');
}

const NOT_RUN = { sutCpuset: null, driverCpuset: null, reason: 'not run' };

function skipped(run: PlannedRun, reason: string): RunOutcome {
  return { run, cpus: NOT_RUN, startedAt: new Date().toISOString(), artifact: null, coldStarts: [], state: 'skipped', reason };
}

function buildFailure(run: PlannedRun, error: string): RunOutcome {
  return { run, cpus: NOT_RUN, startedAt: new Date().toISOString(), artifact: null, coldStarts: [], state: 'failed', stage: 'build', error, platform: null };
}
