export { loadMatrix, type HostLimits } from './load.ts';
export { expandCells, cellId } from './expand.ts';
export { planRuns, seedOf } from './plan.ts';
export { bundledWorkloads } from './workloads.ts';
export { printWarning, thisMachine } from './host.ts';
