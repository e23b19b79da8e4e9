import type { StartTimestamps } from './runtime-info.ts';

/** The workload's own start phases, named as cold-starts.csv names them (`<name>_ms`). */
export const WORKLOAD_PHASES = [
  { name: 'start_to_init', doc: 'from the instance being created (or spawned) to the workload\'s own package initialisation: runc, exec, Go runtime start, imported packages\' init' },
  { name: 'package_init', doc: 'initialising the workload\'s own packages (package variables and init(), after its imports)' },
  { name: 'main_to_listen', doc: 'from main to listening' },
  { name: 'listen_to_ready', doc: 'from listening to the first successful response' },
] as const;

export type WorkloadPhase = (typeof WORKLOAD_PHASES)[number]['name'];

/** A performance.now() reading as wall-clock milliseconds since the epoch, with its sub-millisecond part. */
export function wallMs(perfNow: number): number {
  return performance.timeOrigin + perfNow;
}

/**
 * Splits a cold start at the workload's own timestamps. Both sides read the
 * host's wall clock (the container shares the kernel), so the phases join:
 * createdAt → own init → main → listening → ready add up exactly to the span
 * from createdAt to ready.
 */
export function coldStartPhases(createdAt: number, readyAt: number, ts: StartTimestamps): Record<WorkloadPhase, number> {
  return coldStartPhasesAt(wallMs(createdAt), wallMs(readyAt), ts);
}

/** coldStartPhases with both ends already on the workload host's wall clock (ms since the epoch): a remote engine's stamps. */
export function coldStartPhasesAt(createdWallMs: number, readyWallMs: number, ts: StartTimestamps): Record<WorkloadPhase, number> {
  const init = ts.startUnixNano / 1e6;
  const main = ts.mainUnixNano / 1e6;
  const listening = ts.listeningUnixNano / 1e6;
  return {
    start_to_init: init - createdWallMs,
    package_init: main - init,
    main_to_listen: listening - main,
    listen_to_ready: readyWallMs - listening,
  };
}
