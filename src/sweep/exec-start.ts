import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { median } from 'simple-statistics';
import { Bench } from 'tinybench';
import { buildBinary, describeBuild, sourceOf } from '../build/go-build.ts';
import { wallMs } from '../collect/cold-start-phases.ts';
import { HarnessError } from '../errors.ts';
import { freePort } from '../targets/free-port.ts';
import type { Cell } from '../types.ts';

export interface ExecStartResult {
  cell: Cell;
  variant: string;
  binaryBytes: number;
  samples: number;
  /** Spawn → the "listening" log line, in ms. */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Spawn → first package initialised (exec and Go runtime start), median ms; null without timestamps. */
  execToInitMs: number | null;
  /** Package-level initialisation, median ms. */
  packageInitMs: number | null;
}

const HOST_GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** Starts the binary once, resolves when it logs that it listens; returns its phases. */
async function startOnce(binary: string, env: Record<string, string>): Promise<{ execToInitMs: number; packageInitMs: number } | null> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(binary, [], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.includes('"listening"')) continue;
      const ts = JSON.parse(line) as { startUnixNano?: number; mainUnixNano?: number };
      if (!ts.startUnixNano || !ts.mainUnixNano) return null;
      return { execToInitMs: ts.startUnixNano / 1e6 - wallMs(spawnedAt), packageInitMs: (ts.mainUnixNano - ts.startUnixNano) / 1e6 };
    }
    throw new HarnessError(`${binary} exited without logging that it listens`, { stage: 'cold-start', hint: 'exec-start needs a workload that logs a JSON "listening" line, as the bundled ones do' });
  } finally {
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
}

/**
 * The Go binary's own start cost, without Docker: spawn it, wait for its
 * "listening" line, kill it, many times over (timed by tinybench). Beside a
 * container cold start it tells the runtime's share from the container's.
 */
export async function measureExecStart(cells: Cell[], iterations: number): Promise<ExecStartResult[]> {
  const results: ExecStartResult[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    const variant = [cell.workload.name, ...describeBuild(cell.build), ...Object.entries(cell.env).map(([k, v]) => `${k}=${v}`)].join(' ');
    if (seen.has(variant)) continue;
    seen.add(variant);
    const binary = await buildBinary(sourceOf(cell.workload), HOST_GOARCH[process.arch] ?? process.arch, cell.build);
    const phases: Array<{ execToInitMs: number; packageInitMs: number }> = [];
    const warmupIterations = 2;
    const bench = new Bench({ iterations, time: 0, warmupIterations, warmupTime: 0, retainSamples: true });
    bench.add(variant, async () => {
      const p = await startOnce(binary.path, { PATH: process.env.PATH ?? '', ...cell.env });
      if (p) phases.push(p);
    });
    await bench.run();
    const result = bench.tasks[0]?.result;
    if (!result || result.state !== 'completed') throw new HarnessError(`exec-start of ${variant} did not complete`, { stage: 'cold-start', cause: result && 'error' in result ? result.error : undefined });
    const measured = phases.slice(-iterations);
    results.push({
      cell,
      variant,
      binaryBytes: binary.bytes,
      samples: result.latency.samplesCount,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      meanMs: result.latency.mean,
      execToInitMs: measured.length ? median(measured.map((p) => p.execToInitMs)) : null,
      packageInitMs: measured.length ? median(measured.map((p) => p.packageInitMs)) : null,
    });
  }
  return results;
}
