import type Docker from 'dockerode';
import { execa } from 'execa';
import { debianSlimProblem } from '../build/debian-slim.ts';
import { buildWorkload } from '../build/index.ts';
import { describeBuild } from '../build/go-build.ts';
import { buildLoadgen } from '../build/loadgen.ts';
import { errorMessage } from '../errors.ts';
import { startRegistry, type LocalRegistry } from '../launch/registry.ts';
import type { DockerHost } from '../preflight/docker-host.ts';
import type { BuiltImage, Cell, Plan, PlannedRun, RunOutcome } from '../types.ts';
import { ResultsWriter } from '../write/results-writer.ts';
import { Progress } from './progress.ts';
import { runOne } from './run-one.ts';

export interface SweepOptions {
  docker: Docker;
  host: DockerHost;
  resultsDir: string;
  sweepId: string;
  signal: AbortSignal;
  /** Run ids already in results.csv (from --resume). */
  done: ReadonlySet<string>;
}

export interface SweepTally {
  completed: number;
  failed: number;
  skipped: number;
  interrupted: boolean;
}

/**
 * Builds every workload, then runs the plan in order, appending each run's
 * rows as soon as it ends. A failed build or run is recorded and the sweep
 * goes on.
 */
export async function runSweep(plan: Plan, opts: SweepOptions): Promise<SweepTally> {
  const pending = plan.runs.filter((r) => !opts.done.has(r.runId));
  const progress = new Progress(plan.runs.length, plan.runs.length - pending.length, plan.matrix.run);
  const tally: SweepTally = { completed: 0, failed: 0, skipped: 0, interrupted: false };
  const writer = new ResultsWriter(opts.resultsDir, opts.sweepId, plan.matrix.axes);
  /** An image, a build error, or why the variant cannot be built here (the cells are skipped). */
  const images = new Map<string, BuiltImage | string | { skip: string }>();
  const upxMissing = (await execa('upx', ['--version'], { reject: false })).exitCode !== 0;
  let debianChecked: Promise<string | null> | null = null;
  const debianProblem = async () => {
    debianChecked ??= debianSlimProblem();
    const problem = await debianChecked;
    return problem && `the debian-slim base cannot be made here: ${problem}`;
  };
  let registry: LocalRegistry | null = null;
  try {
    const loadgen = await buildLoadgen();
    if (plan.matrix.run.pull && pending.length > 0) {
      registry = await startRegistry(opts.docker, opts.host.goarch, opts.sweepId, opts.signal);
      progress.log(`images are pulled afresh at every cold start from the sweep's registry on ${registry.address}`);
    }
    for (const run of pending) {
      if (opts.signal.aborted) break;
      const key = buildKey(run.cell);
      if (images.has(key)) continue;
      const { workload, build } = run.cell;
      const skip = build.upx && upxMissing ? UPX_MISSING : build.base === 'debian-slim' ? await debianProblem() : null;
      if (skip) {
        images.set(key, { skip });
        progress.log(`${key}: skipped, ${skip}`);
        continue;
      }
      try {
        const built = await buildWorkload(opts.docker, workload, opts.host.goarch, build);
        const image = registry ? await registry.push(built) : built;
        images.set(key, image);
        const pushed = image.pushed ? `, pushed: ${image.pushed.compressedBytes} B to pull` : '';
        progress.log(`built ${key}: ${image.tag} (binary ${image.binaryBytes} B, image ${image.imageBytes} B${image.cached ? ', cached' : ''}${pushed})`);
      } catch (err) {
        images.set(key, errorMessage(err));
        progress.log(`build of ${key} failed; its cells are recorded as failed: ${errorMessage(err)}`);
      }
    }
    for (const run of pending) {
      if (opts.signal.aborted) break;
      progress.runStarted(run);
      const image = images.get(buildKey(run.cell));
      const outcome =
        typeof image !== 'object' ? buildFailure(run, image) : 'skip' in image ? skipped(run, image.skip) : await runOne(run, image, { ...opts, loadgen, hostCpus: opts.host.cpus, settings: plan.matrix.run, registry });
      if (!outcome) break;
      writer.append(outcome);
      tally[outcome.state]++;
      progress.runFinished(outcome);
    }
  } finally {
    progress.stop();
    await registry?.stop().catch((err: unknown) => process.stderr.write(`could not remove the sweep's registry: ${errorMessage(err)}\n`));
  }
  tally.interrupted = opts.signal.aborted;
  return tally;
}

const UPX_MISSING = 'upx is not installed (Debian bookworm has no upx package); install upx, or drop build.upx: true';

/** One image per workload and build variant. */
function buildKey(cell: Cell): string {
  return [cell.workload.name, ...describeBuild(cell.build)].join(' ');
}

const NOT_RUN = { sutCpuset: null, driverCpuset: null, reason: 'not run' };

function skipped(run: PlannedRun, reason: string): RunOutcome {
  return { run, cpus: NOT_RUN, startedAt: new Date().toISOString(), image: null, coldStarts: [], state: 'skipped', reason };
}

function buildFailure(run: PlannedRun, error = 'not built'): RunOutcome {
  return { run, cpus: NOT_RUN, startedAt: new Date().toISOString(), image: null, coldStarts: [], state: 'failed', stage: 'build', error, container: null };
}
