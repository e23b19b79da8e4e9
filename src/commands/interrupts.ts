import pc from 'picocolors';
import { removeAll } from '../targets/live.ts';
import { EXIT_INTERRUPTED } from './exit-codes.ts';

/**
 * First Ctrl-C: stop after the run in flight is torn down. Second: remove the
 * containers and exit at once. Either way no container is left behind.
 */
export function handleInterrupts(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const onSignal = () => {
    count++;
    if (count === 1) {
      process.stderr.write(`\n${pc.yellow('stopping: removing containers (Ctrl-C again to force)…')}\n`);
      controller.abort();
    } else {
      void removeAll().finally(() => process.exit(EXIT_INTERRUPTED));
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, dispose: () => (process.off('SIGINT', onSignal), process.off('SIGTERM', onSignal)) };
}

