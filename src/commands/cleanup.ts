import { TARGETS } from '../targets/index.ts';
import { EXIT_OK } from './exit-codes.ts';

/** "container abc, container def, image tag x" → "2 container(s), 1 image tag(s)": what was removed, counted by kind. */
function countByKind(removed: string[]): string {
  const counts = new Map<string, number>();
  for (const item of removed) {
    const kind = item.replace(/ \S+$/, '');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => `${n} ${kind}(s)`).join(', ');
}

/** Removes what dead sweeps left on every target (with `all`, what running sweeps made too). */
export async function cleanupCommand(opts: { all?: boolean }): Promise<number> {
  for (const target of TARGETS) {
    const removed = await target.cleanup({ all: opts.all === true });
    process.stdout.write(
      removed.length === 0
        ? `${target.name}: nothing ${opts.all ? '' : 'orphaned '}found\n`
        : `${target.name}: removed ${countByKind(removed)}: ${removed.join(', ')}\n`,
    );
  }
  return EXIT_OK;
}
