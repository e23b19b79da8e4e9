import type { PhaseSpec } from '../target.ts';

/** A cold start's phases: only cloudrun-local's proxy can tell them; on Cloud Run they stay empty. */
export const CLOUDRUN_PHASES: readonly PhaseSpec[] = [
  { name: 'instance_wait', doc: 'Cloud Run: the request waited in the proxy for an instance (start and ready, from zero); cloudrun-local only' },
  { name: 'resume', doc: 'Cloud Run: giving a request-based instance its CPU back before the request; cloudrun-local only' },
  { name: 'serve', doc: 'Cloud Run: the rest of the first request: forwarded and answered; cloudrun-local only' },
];
