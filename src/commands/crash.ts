import pc from 'picocolors';
import { redact } from '../errors.ts';
import { removeAll } from '../targets/live.ts';
import { EXIT_CRASH } from './exit-codes.ts';

const hooks = new Set<(err: unknown) => void>();

/** Runs `hook` (say, recording the crash in meta.json) if gosweep crashes before the returned function is called. */
export function onCrash(hook: (err: unknown) => void): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** An error gosweep did not expect (a bug): says so on stderr with the stack, runs the crash hooks, and gives the exit code. */
export function reportCrash(err: unknown): number {
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`${pc.red('gosweep crashed')} (a bug in gosweep; please report it with this output):\n${redact(stack)}\n`);
  for (const hook of hooks) {
    try {
      hook(err);
    } catch {
      // A hook that fails must not hide the crash itself.
    }
  }
  return EXIT_CRASH;
}

let installed = false;

/**
 * An error nothing caught (a stray callback, a promise nobody awaited) ends
 * gosweep with EXIT_CRASH, after the hooks and after removing what it started,
 * whichever verb was running.
 */
export function exitOnCrash(): void {
  if (installed) return;
  installed = true;
  const crash = (err: unknown) => {
    const code = reportCrash(err);
    void removeAll().finally(() => process.exit(code));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
}
