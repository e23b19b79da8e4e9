// The targets there are. A new target is a folder beside docker/ and one line here.
import { docker } from './docker/index.ts';
import { lambda } from './lambda/index.ts';
import { cloudrun } from './cloudrun/index.ts';
import { cloudrunLocal } from './cloudrun-local/index.ts';
import { lambdaLocal } from './lambda-local/index.ts';
import { processTarget } from './process/index.ts';
import { formatProblem, UsageError, type Problem } from '../errors.ts';
import { DEFAULT_BUILD, GO_SOURCES, type Cell } from '../types.ts';
import type { CellProblem, Target, TargetModule, TargetScope } from './target.ts';

export const TARGETS: readonly TargetModule[] = [docker, processTarget, lambda, lambdaLocal, cloudrun, cloudrunLocal];

export const TARGET_NAMES = TARGETS.map((t) => t.name);

export function targetModule(name: string): TargetModule {
  const module = TARGETS.find((t) => t.name === name);
  if (!module) throw new Error(`unknown target '${name}' (known: ${TARGET_NAMES.join(', ')})`);
  return module;
}

export { uniqueWorkloads } from './target.ts';
export type { CellProblem, Deployment, Instance, Target, TargetModule, TargetScope } from './target.ts';

const uniqueProblems = (problems: Problem[]) => [...new Map(problems.map((p) => [formatProblem(p), p])).values()];

/** Opens (preflights) the targets these cells run on, and checks the cells on each; a failure closes those already open. */
export async function openTargets(cells: readonly Cell[], scope: TargetScope): Promise<Map<string, Target>> {
  const opened = new Map<string, Target>();
  try {
    const problems = [];
    for (const name of new Set(cells.map((c) => c.target))) {
      const target = await targetModule(name).open(scope);
      opened.set(name, target);
      problems.push(...((await target.checkOnPlatform?.(cells.filter((c) => c.target === name))) ?? []));
    }
    if (problems.length > 0) throw new UsageError(uniqueProblems(problems));
  } catch (err) {
    await closeTargets(opened);
    throw err;
  }
  return opened;
}

/** Closes every opened target; a failure is reported, not thrown, so the others still close. */
export async function closeTargets(targets: ReadonlyMap<string, Target>, report: (line: string) => void = () => undefined): Promise<void> {
  for (const target of targets.values()) await target.close().catch((err: unknown) => report(`could not close ${target.name}: ${(err as Error).message}`));
}

/** Every offline problem of the cells on their targets, for --dry-run. */
export function checkCells(cells: readonly Cell[]): CellProblem[] {
  return [...TARGETS.flatMap((t) => [...unsupported(t, cells.filter((c) => c.target === t.name)), ...t.check(cells.filter((c) => c.target === t.name))]), ...foreignAxes(cells)];
}

/** What a cell's workload asks of its target that the target cannot do. */
function unsupported(target: TargetModule, cells: readonly Cell[]): CellProblem[] {
  return cells.flatMap((c) => {
    const w = c.workload;
    const go = GO_SOURCES.includes(w.source.kind);
    const listens = w.listen.portEnv !== 'PORT' || w.listen.args.some((a) => a.includes('{port}')) || w.listen.fixedPort !== null;
    const asks = w.requests.length > 1 || w.requests.some((r) => r.method !== 'GET' || r.body !== null);
    const problems = [
      !go && !target.supports.images ? { message: `${w.name} is an ${w.source.kind} workload; target ${target.name} runs Go source only`, fix: 'give the service as Go source (path: ./cmd/server), or run it on docker or cloudrun-local' } : null,
      !go && JSON.stringify(c.build) !== JSON.stringify(DEFAULT_BUILD) ? { message: `build.* axes compile Go source; ${w.name} is an ${w.source.kind} workload`, fix: 'drop the build axes for this workload (exclude its build variants), or give it as Go source with path:' } : null,
      listens && !target.supports.listen ? { message: `target ${target.name} tells a service its port only in PORT; ${w.name} asks for ${w.listen.fixedPort !== null ? `fixed port ${w.listen.fixedPort}` : w.listen.portEnv !== 'PORT' ? `portEnv ${w.listen.portEnv}` : 'the port in its args'}`, fix: 'make the service read PORT, or run it on docker or process' } : null,
      asks && !target.supports.requests ? { message: `target ${target.name} sends GET requests only; ${w.name} asks for ${w.requests.length > 1 ? 'a mix of requests' : `${w.requests[0].method}${w.requests[0].body !== null ? ' with a body' : ''}`}`, fix: 'send a GET to one path on this target, or run the workload on docker, process or cloudrun-local' } : null,
    ];
    return problems.filter((p) => p !== null).map((p) => ({ cellId: c.id, message: `${c.label}: ${p.message}`, fix: p.fix }));
  });
}

/** A platform's axes (`lambda.*`, `cloudrun.*`) on a cell of another target would only repeat that cell. */
function foreignAxes(cells: readonly Cell[]): CellProblem[] {
  return cells.flatMap((c) =>
    ['lambda', 'cloudrun']
      .filter((group) => !c.target.startsWith(group) && Object.keys(c.params).some((axis) => axis.startsWith(`${group}.`)))
      .map((group) => ({ cellId: c.id, message: `${c.label}: ${group}.* axes do not apply on target ${c.target}`, fix: `exclude those cells (exclude: [{ target: ${c.target}, ... }]) for all ${group}.* values but one, or put the ${group} cells in a matrix of their own` })),
  );
}
