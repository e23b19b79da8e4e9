import { CLOUDRUN_LOCAL_AXES, type Cell } from '../../types.ts';
import type { CellProblem } from '../target.ts';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
/** What Cloud Run gives an instance when the service sets no limit. */
export const DEFAULT_LIMITS = { cpus: 1, memoryBytes: 512 * MIB };

/** The cpus and memory an instance of the cell gets: the cell's, or Cloud Run's defaults. */
export function instanceLimits(cell: Cell): { cpus: number; memoryBytes: number } {
  return { cpus: cell.cpus ?? DEFAULT_LIMITS.cpus, memoryBytes: cell.memoryBytes ?? DEFAULT_LIMITS.memoryBytes };
}

/** The least CPU Cloud Run allows for a memory limit above each threshold. */
const CPU_FOR_MEMORY: Array<[number, number]> = [[24 * GIB, 8], [16 * GIB, 6], [8 * GIB, 4], [4 * GIB, 2]];
/** The least memory Cloud Run allows with each CPU count. */
const MEMORY_FOR_CPU: Array<[number, number]> = [[8, 4 * GIB], [6, 4 * GIB], [4, 2 * GIB]];

/** Why Cloud Run would refuse this cell's service, each with the fix; [] when it would deploy. */
export function cloudRunProblems(cell: Cell): Array<{ message: string; fix: string }> {
  const { cpus, memoryBytes } = instanceLimits(cell);
  const { cloudrun } = cell;
  const problems: Array<{ message: string; fix: string }> = [];
  if (cpus < 1 && (cpus < 0.08 || cloudrun.concurrency !== 1)) {
    problems.push({ message: `cpus ${cpus} with cloudrun.concurrency ${cloudrun.concurrency}: below 1 CPU Cloud Run takes 0.08 or more, and one request at a time`, fix: 'set cloudrun.concurrency: 1 for these cells, or cpus: 1' });
  }
  const [first] = cell.workload.requests;
  if (cell.workload.healthPath === null && first.method !== 'GET') {
    problems.push({ message: `${cell.workload.name} has no healthPath, and Cloud Run's startup probe can only GET its first request (${first.method} ${first.path})`, fix: 'give the workload a healthPath that answers GET with 2xx' });
  }
  if (cpus < 1 && cloudrun.cpu === 'instance') problems.push({ message: `cpus ${cpus} with instance-based CPU: below 1 CPU Cloud Run bills by request only`, fix: 'use cloudrun.cpu: request, or cpus: 1' });
  if (cpus > 1 && ![2, 4, 6, 8].includes(cpus)) problems.push({ message: `cpus ${cpus}: above 1, Cloud Run takes 2, 4, 6 or 8`, fix: 'use cpus 1, 2, 4, 6 or 8' });
  if (memoryBytes < 128 * MIB || memoryBytes > 32 * GIB) problems.push({ message: `memory ${memoryBytes / MIB} MiB: Cloud Run takes 128 MiB to 32 GiB`, fix: 'use memory between 128m and 32g' });
  const cpuNeeded = CPU_FOR_MEMORY.find(([above]) => memoryBytes > above)?.[1];
  if (cpuNeeded && cpus < cpuNeeded) problems.push({ message: `memory ${memoryBytes / GIB} GiB needs at least ${cpuNeeded} CPUs on Cloud Run, not ${cpus}`, fix: `set cpus: ${cpuNeeded} or less memory` });
  const memoryNeeded = MEMORY_FOR_CPU.find(([atLeast]) => cpus >= atLeast)?.[1];
  if (memoryNeeded && memoryBytes < memoryNeeded) problems.push({ message: `${cpus} CPUs need at least ${memoryNeeded / GIB} GiB of memory on Cloud Run`, fix: `set memory: ${memoryNeeded / GIB}g or more` });
  if (cloudrun.minInstances > cloudrun.maxInstances) problems.push({ message: `cloudrun.minInstances ${cloudrun.minInstances} is above maxInstances ${cloudrun.maxInstances}`, fix: 'lower minInstances or raise maxInstances' });
  return problems;
}

/** Where target cloudrun deploys: a project and a region, from the environment (never from a matrix, which is shared). */
export const PROJECT_ENV = 'GOOGLE_CLOUD_PROJECT';
export const REGION_ENV = 'GOSWEEP_CLOUDRUN_REGION';
/** An Artifact Registry Docker repository to push to; by default <region>-docker.pkg.dev/<project>/gosweep. */
export const REPOSITORY_ENV = 'GOSWEEP_CLOUDRUN_REPOSITORY';

export function checkCloudRunCells(cells: Cell[], opts: { needsProject: boolean } = { needsProject: false }): CellProblem[] {
  const problems = cells.flatMap((cell) => cloudRunProblems(cell).map((p) => ({ cellId: cell.id, message: `${cell.label}: ${p.message}`, fix: p.fix })));
  const first = cells[0]?.id ?? '';
  for (const cell of opts.needsProject ? cells : []) {
    const localOnly = CLOUDRUN_LOCAL_AXES.filter((axis) => axis in cell.params);
    if (localOnly.length > 0) problems.push({ cellId: cell.id, message: `${cell.label}: ${localOnly.join(', ')} only exist in cloudrun-local; Cloud Run has no such setting`, fix: `drop ${localOnly.join(' and ')} from the cells on target cloudrun` });
  }
  if (opts.needsProject && cells.length > 0) {
    if (!process.env[PROJECT_ENV]) problems.push({ cellId: first, message: `target cloudrun needs a Google Cloud project, and ${PROJECT_ENV} is not set`, fix: `export ${PROJECT_ENV}=<project id>, or use target cloudrun-local` });
    if (!process.env[REGION_ENV]) problems.push({ cellId: first, message: `target cloudrun needs a region, and ${REGION_ENV} is not set`, fix: `export ${REGION_ENV}=<region> (us-central1, europe-west1, …), or use target cloudrun-local` });
  }
  return problems;
}
