import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildBinary, hostGoarch, sourceOf } from '../../build/go-build.ts';
import { unbuildableReason } from '../../build/index.ts';
import { ColdStartFailure, Interrupted } from '../../errors.ts';
import type { Cell, ColdStartSample, CpuPlacement, DeployedArtifact, PlannedRun, PlatformFacts, RunSettings } from '../../types.ts';
import { planCpuIsolation } from '../cpu-placement.ts';
import { listenOn } from '../listen.ts';
import { awaitFirstResponse, NOT_READY_HINT, whyNotReady } from '../http-ready.ts';
import { track, untrack } from '../live.ts';
import type { Deployment, Instance, Target, TargetScope } from '../target.ts';
import { readCpuMs, readPeakRssBytes } from './proc-stats.ts';

/** Set in every process this target starts, so `cleanup` can find those a dead sweep left. */
export const ENV_OWNER_PID = 'GOSWEEP_OWNER_PID';
export const ENV_SWEEP = 'GOSWEEP_SWEEP';
/** How much of a process's output is kept for a failed cold start's message. */
const OUTPUT_TAIL_BYTES = 4096;

/** The bare binary on this machine: no container, no limits; the Go binary's own start cost. */
export class ProcessTarget implements Target {
  readonly name = 'process';
  readonly facts = { kernel: os.release(), cpus: os.cpus().length, memoryBytes: os.totalmem() };
  readonly limits = null;
  readonly #scope: TargetScope;

  constructor(scope: TargetScope) {
    this.#scope = scope;
  }

  placement(cell: Cell): CpuPlacement {
    return planCpuIsolation(os.cpus().length, cell.cpus, this.#scope.settings.isolateDriver);
  }

  skipReason(cell: Cell): Promise<string | null> {
    return unbuildableReason(cell.build);
  }

  async deploy(cell: Cell): Promise<Deployment> {
    const binary = await buildBinary(sourceOf(cell.workload), hostGoarch(), cell.build);
    const artifact: DeployedArtifact = {
      workload: cell.workload.name,
      build: cell.build,
      ref: binary.path,
      binaryBytes: binary.bytes,
      imageBytes: null,
      pullBytes: null,
      goVersion: binary.goVersion,
      cached: binary.cached,
    };
    return new ProcessDeployment(artifact, this.#scope);
  }

  async close(): Promise<void> {}
}

class ProcessDeployment implements Deployment {
  readonly artifact: DeployedArtifact;
  readonly #sweepId: string;
  readonly #settings: RunSettings;

  constructor(artifact: DeployedArtifact, scope: TargetScope) {
    this.artifact = artifact;
    this.#sweepId = scope.sweepId;
    this.#settings = scope.settings;
  }

  /** Spawns the binary on a free loopback port and times it to its first 2xx. */
  async coldStart(run: PlannedRun, placement: CpuPlacement, signal: AbortSignal): Promise<{ instance: ProcessInstance; sample: ColdStartSample }> {
    const { cell } = run;
    const { port, env: listenEnv, args: workloadArgs } = await listenOn(cell.workload);
    const env = { PATH: process.env.PATH ?? '', ...cell.env, ...listenEnv, [ENV_OWNER_PID]: String(process.pid), [ENV_SWEEP]: this.#sweepId };
    const [file, args] = placement.sutCpuset ? ['taskset', ['-c', placement.sutCpuset, this.artifact.ref, ...workloadArgs]] : [this.artifact.ref, workloadArgs];
    const spawnRequestedAt = performance.now();
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const spawnedAt = performance.now();
    const instance = new ProcessInstance(child, `http://127.0.0.1:${port}`);
    const ready = await awaitFirstResponse(cell, instance.baseUrl, { createdAt: spawnedAt, exited: instance.exited, signal, settings: this.#settings });
    if (ready.state === 'ready') {
      const phases = ready.workloadPhases;
      const sample: ColdStartSample = {
        verified: true,
        totalMs: ready.readyAt - spawnRequestedAt,
        phasesMs: {
          spawn: spawnedAt - spawnRequestedAt,
          start_to_init: phases?.start_to_init ?? null,
          package_init: phases?.package_init ?? null,
          main_to_listen: phases?.main_to_listen ?? null,
          listen_to_ready: phases?.listen_to_ready ?? null,
        },
        counts: {},
        firstRequestMs: ready.firstRequestMs,
      };
      return { instance, sample };
    }
    const platform = await instance.facts();
    await instance.remove();
    if (ready.state === 'aborted') throw new Interrupted();
    throw new ColdStartFailure(whyNotReady(cell, ready, this.#settings, 'process', instance.outputTail()), { cellId: cell.id, hint: NOT_READY_HINT, platform });
  }
}

/** A running process: its CPU time around the window and its peak memory, from /proc. */
class ProcessInstance implements Instance {
  readonly baseUrl: string;
  /** Resolves with the exit code (128 + signal number when killed). */
  readonly exited: Promise<number>;
  readonly #child: ChildProcess;
  readonly #liveId: string;
  readonly #marks: Partial<Record<'start' | 'end', number | null>> = {};
  #output = '';
  #exitCode: number | null = null;
  #peakRssBytes: number | null = null;

  constructor(child: ChildProcess, baseUrl: string) {
    this.#child = child;
    this.baseUrl = baseUrl;
    this.#liveId = `process:${child.pid ?? 'unspawned'}`;
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_BYTES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, sig) => resolve((this.#exitCode = code ?? 128 + (sig ? os.constants.signals[sig] : 0))));
      child.once('error', (err) => {
        keep(Buffer.from(`${err.message}\n`));
        resolve((this.#exitCode = 127));
      });
    });
    track(this.#liveId, () => this.remove());
  }

  async markWindow(edge: 'start' | 'end'): Promise<void> {
    this.#marks[edge] = this.#child.pid === undefined ? null : readCpuMs(this.#child.pid);
  }

  async facts(): Promise<PlatformFacts> {
    const { start, end } = this.#marks;
    const pid = this.#child.pid;
    if (pid !== undefined && this.#exitCode === null) this.#peakRssBytes = readPeakRssBytes(pid) ?? this.#peakRssBytes;
    return {
      cpuPeriods: null,
      cpuThrottledPeriods: null,
      cpuThrottledMs: null,
      cpuUsageMs: start != null && end != null ? end - start : null,
      memoryPeakBytes: this.#peakRssBytes,
      oomKills: null,
      oomKilled: null,
      exitCode: this.#exitCode,
      // Nothing restarts a bare process.
      restartCount: 0,
    };
  }

  outputTail(): string {
    return this.#output.trim().split('\n').slice(-10).join('\n');
  }

  async remove(): Promise<void> {
    if (this.#exitCode === null && this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGKILL');
      await this.exited;
    }
    untrack(this.#liveId);
  }
}
