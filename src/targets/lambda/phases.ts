import type { CountSpec, PhaseSpec } from '../target.ts';

/** A Lambda cold start, in the REPORT line's terms and what the client saw around them. */
export const LAMBDA_PHASES: readonly PhaseSpec[] = [
  { name: 'init', doc: 'Lambda\'s Init Duration: from the runtime\'s start to its first request for an event (REPORT line)' },
  { name: 'handler', doc: 'Lambda\'s Duration of the cold invoke: the event handed over to the response posted (REPORT line)' },
  { name: 'platform', doc: 'the rest of the client\'s round trip: placing an environment, starting it, the network' },
];

export const LAMBDA_COUNTS: readonly CountSpec[] = [
  { name: 'billed_duration_ms', doc: 'Lambda\'s Billed Duration of the cold invoke (provided runtimes bill Init with it)' },
  { name: 'max_memory_used_mb', doc: 'Lambda\'s Max Memory Used after the cold invoke' },
];
