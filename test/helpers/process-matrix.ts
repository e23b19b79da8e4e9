import { packageRoot } from '../../src/paths.ts';
import { writeFile } from './tmp.ts';

/** A crashing service of test/fixtures/own-service: every run of it fails at its cold start. */
export const CRASHING_SERVICE = `${packageRoot}/test/fixtures/own-service/cmd/crash`;

/**
 * A matrix file of one cell on the process target (no Docker): the bare
 * binary at concurrency 2, 1 repetition of 1 cold start and a 1 s window,
 * unless told.
 */
export function processMatrix(dir: string, opts: { name?: string; workload?: string; concurrency?: number[]; run?: Record<string, number> } = {}): string {
  const run = { repetitions: 1, coldStarts: 1, warmupSeconds: 0, durationSeconds: 1, ...opts.run };
  const workload = opts.workload ? `{ name: own, path: ${opts.workload} }` : 'hello';
  return writeFile(
    dir,
    `${opts.name ?? 'tiny'}.yaml`,
    [`name: ${opts.name ?? 'tiny'}`, `workloads: [${workload}]`, 'axes:', '  target: [process]', `  concurrency: [${(opts.concurrency ?? [2]).join(', ')}]`, 'run:', ...Object.entries(run).map(([k, v]) => `  ${k}: ${v}`), ''].join('\n'),
  );
}
