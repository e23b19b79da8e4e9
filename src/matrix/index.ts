export { loadMatrix, type HostLimits } from './load.ts';
export { expandCells, cellId } from './expand.ts';
export { planRuns } from './plan.ts';
export { bundledWorkloads } from './workloads.ts';
