import type { Cell, RunSettings } from '../types.ts';

/** A cold start and what surrounds it (removal, first request): about 130 + 40 ms here; a pull adds hundreds of ms. */
const COLD_START_MS = 200;
const PULLED_COLD_START_MS = 900;
/** A run's own overhead (load generator start and drain, reading facts, teardown): about 0.3 s here (npm run bench:overhead). */
const RUN_OVERHEAD_MS = 400;

/** On Lambda a cold start is a configuration update and an invoke, and 20 warm invokes in series follow the window (measured on lambda-local). */
const LAMBDA_COLD_START_MS = 500;
const LAMBDA_SERIES_MS = 1000;

/** A rough duration of one run before any has finished: cold starts, warm-up, window, requests after idle and overhead. */
export function estimateRunMs(settings: RunSettings, cell: Pick<Cell, 'target' | 'idleGapSeconds'> = { target: 'docker', idleGapSeconds: null }): number {
  const lambda = cell.target.startsWith('lambda');
  const coldStartMs = lambda ? LAMBDA_COLD_START_MS : settings.pull ? PULLED_COLD_START_MS : COLD_START_MS;
  const afterIdleMs = (cell.idleGapSeconds ?? 0) * 1000 * settings.idleProbes;
  return settings.coldStarts * coldStartMs + (settings.warmupSeconds + settings.durationSeconds) * 1000 + afterIdleMs + RUN_OVERHEAD_MS + (lambda ? LAMBDA_SERIES_MS : 0);
}
