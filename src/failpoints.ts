/**
 * Fault injection for `npm run test:faults`, after etcd's gofail: with
 * GOSWEEP_FAILPOINT=<point>[@<n>], the n-th time (1 by default) this process
 * reaches the point it kills itself with SIGKILL, as a crash or a `kill -9`
 * there would. Unset, every point does nothing.
 */
export const FAILPOINTS = {
  /** A binary built, not yet in the build cache (go-build.ts). */
  build: 'a binary built, not yet in the build cache',
  /** A fresh instance answered, its cold start not yet recorded (run-one.ts). */
  'cold-start': 'a fresh instance answered, its cold start not yet recorded',
  /** The measured window began (measure.ts). */
  window: 'the measured window began',
  /** A run's cold starts and histogram written, its results.csv row not yet (results-writer.ts). */
  'row-write': 'a run\'s cold starts and histogram written, its results.csv row not yet',
} as const;

export type Failpoint = keyof typeof FAILPOINTS;

const reached = new Map<Failpoint, number>();

export function failpoint(point: Failpoint): void {
  const armed = process.env.GOSWEEP_FAILPOINT;
  if (!armed) return;
  const [name, nth = '1'] = armed.split('@');
  if (name !== point) return;
  const count = (reached.get(point) ?? 0) + 1;
  reached.set(point, count);
  if (count === Number(nth)) process.kill(process.pid, 'SIGKILL');
}
