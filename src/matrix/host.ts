import os from 'node:os';
import { formatProblem, type Problem } from '../errors.ts';
import type { HostLimits } from './check.ts';

/** This machine's CPUs and memory: the engine's too, since gosweep refuses a remote one; what --dry-run checks limits against. */
export function thisMachine(): HostLimits {
  return { cpus: os.cpus().length, memoryBytes: os.totalmem() };
}

/** A warning about a matrix on stderr, as a problem reads but marked: the sweep still runs. */
export function printWarning(warning: Problem): void {
  process.stderr.write(`${formatProblem({ ...warning, message: `warning: ${warning.message}` })}\n`);
}
