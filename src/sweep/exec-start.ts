import { median } from 'simple-statistics';
import { Bench } from 'tinybench';
import { describeBuild } from '../build/go-build.ts';
import { HarnessError } from '../errors.ts';
import { closeTargets, openTargets } from '../targets/index.ts';
import type { Cell, ColdStartSample, RunSettings } from '../types.ts';

export interface ExecStartResult {
  cell: Cell;
  variant: string;
  binaryBytes: number | null;
  samples: number;
  /** Spawn → listening (the workload's own timestamp), in ms. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Spawn → first package initialised (exec and Go runtime start), median ms; null without timestamps. */
  execToInitMs: number | null;
  /** Package-level initialisation, median ms. */
  packageInitMs: number | null;
}

const WARMUP_ITERATIONS = 2;

/** Spawn → listening of one cold start on the process target; null without the workload's timestamps. */
function execToListenMs(s: ColdStartSample): number | null {
  const { spawn, start_to_init: init, package_init: pkg, main_to_listen: listen } = s.phasesMs;
  return spawn == null || init == null || pkg == null || listen == null ? null : spawn + init + pkg + listen;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * The Go binary's own start cost, without Docker: cold starts of each of the
 * matrix's binaries on the process target, many times over (tinybench runs
 * the iterations and the warm-up). Beside a container cold start it tells the
 * runtime's share from the container's.
 */
export async function measureExecStart(cells: Cell[], iterations: number, settings: RunSettings, signal: AbortSignal): Promise<ExecStartResult[]> {
  const variants = new Map<string, Cell>();
  for (const cell of cells) {
    const variant = [cell.workload.name, ...describeBuild(cell.build), ...Object.entries(cell.env).map(([k, v]) => `${k}=${v}`)].join(' ');
    // The binary alone: no limits, whatever the matrix gives its containers.
    if (!variants.has(variant)) variants.set(variant, { ...cell, target: 'process', cpus: null, memoryBytes: null });
  }
  const targets = await openTargets([...variants.values()], { sweepId: `exec-start-${process.pid}`, settings, signal, log: () => undefined });
  const target = targets.get('process');
  const results: ExecStartResult[] = [];
  try {
    if (!target) throw new Error('the process target did not open');
    for (const [variant, cell] of variants) {
      const deployment = await target.deploy(cell);
      const placement = target.placement(cell);
      const samples: ColdStartSample[] = [];
      const bench = new Bench({ iterations, time: 0, warmupIterations: WARMUP_ITERATIONS, warmupTime: 0 });
      bench.add(variant, async () => {
        const { instance, sample } = await deployment.coldStart({ runId: `${cell.id}#exec`, cell, repetition: 1, order: samples.length + 1 }, placement, signal);
        samples.push(sample);
        await instance.remove();
      });
      await bench.run();
      const result = bench.tasks[0]?.result;
      if (!result || result.state !== 'completed') throw new HarnessError(`exec-start of ${variant} did not complete`, { stage: 'cold-start', cause: result && 'error' in result ? result.error : undefined });
      const measured = samples.slice(-iterations);
      const listen = measured.map(execToListenMs).filter((v) => v !== null).sort((a, b) => a - b);
      const phase = (name: string) => {
        const values = measured.map((s) => s.phasesMs[name]).filter((v) => v != null);
        return values.length ? median(values) : null;
      };
      const spawnMs = phase('spawn');
      const startToInit = phase('start_to_init');
      results.push({
        cell,
        variant,
        binaryBytes: deployment.artifact.binaryBytes,
        samples: measured.length,
        p50Ms: percentile(listen, 50),
        p99Ms: percentile(listen, 99),
        meanMs: listen.length ? listen.reduce((a, b) => a + b, 0) / listen.length : Number.NaN,
        execToInitMs: spawnMs === null || startToInit === null ? null : spawnMs + startToInit,
        packageInitMs: phase('package_init'),
      });
    }
  } finally {
    await closeTargets(targets);
  }
  return results;
}
