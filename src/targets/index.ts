// The targets there are. A new target is a folder beside docker/ and one line here.
import { docker } from './docker/index.ts';
import { lambda } from './lambda/index.ts';
import { cloudrun } from './cloudrun/index.ts';
import { cloudrunLocal } from './cloudrun-local/index.ts';
import { lambdaLocal } from './lambda-local/index.ts';
import { processTarget } from './process/index.ts';
import type { Cell } from '../types.ts';
import type { CellProblem, Target, TargetModule, TargetScope } from './target.ts';

export const TARGETS: readonly TargetModule[] = [docker, processTarget, lambda, lambdaLocal, cloudrun, cloudrunLocal];

export const TARGET_NAMES = TARGETS.map((t) => t.name);

export function targetModule(name: string): TargetModule {
  const module = TARGETS.find((t) => t.name === name);
  if (!module) throw new Error(`unknown target '${name}' (known: ${TARGET_NAMES.join(', ')})`);
  return module;
}

export type { CellProblem, Deployment, Instance, Target, TargetModule, TargetScope } from './target.ts';

/** Opens (preflights) the targets these cells run on; one that fails closes those already open. */
export async function openTargets(cells: readonly Cell[], scope: TargetScope): Promise<Map<string, Target>> {
  const opened = new Map<string, Target>();
  try {
    for (const name of new Set(cells.map((c) => c.target))) opened.set(name, await targetModule(name).open(scope));
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
  return [...TARGETS.flatMap((t) => t.check(cells.filter((c) => c.target === t.name))), ...foreignAxes(cells)];
}

/** A platform's axes (`lambda.*`, `cloudrun.*`) on a cell of another target would only repeat that cell. */
function foreignAxes(cells: readonly Cell[]): CellProblem[] {
  return cells.flatMap((c) =>
    ['lambda', 'cloudrun']
      .filter((group) => !c.target.startsWith(group) && Object.keys(c.params).some((axis) => axis.startsWith(`${group}.`)))
      .map((group) => ({ cellId: c.id, message: `${c.label}: ${group}.* axes do not apply on target ${c.target}`, fix: `exclude those cells (exclude: [{ target: ${c.target}, ... }]) for all ${group}.* values but one, or put the ${group} cells in a matrix of their own` })),
  );
}
