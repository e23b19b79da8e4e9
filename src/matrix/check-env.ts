import type { Workload } from '../types.ts';
import type { Finding } from './finding.ts';
import type { MatrixInput } from './schema.ts';
import { didYouMean, nearest } from './suggest.ts';
import { parsePercent } from './units.ts';
import { bundledEnvKeys } from './workloads.ts';

/** Variables the Go runtime reads at start. */
export const GO_RUNTIME_ENV = ['GOMAXPROCS', 'GOMEMLIMIT', 'GOGC', 'GODEBUG', 'GOTRACEBACK'];

/** Set by gosweep in every container: not worth varying. */
const SET_BY_GOSWEEP = ['HOST', 'PORT'];

const GO_SIZE = /^\d+(B|KiB|MiB|GiB|TiB)$/;

/**
 * An env axis's name: a near miss of a Go runtime variable is an error, since
 * Go ignores names it does not know and every cell would quietly run with the
 * default; a near miss of a workload's own key is a warning, since a service
 * may read a name gosweep cannot see.
 */
function nameFinding(name: string, workloads: Workload[]): Finding | null {
  const path = ['axes', 'env', name];
  const ownKeys = workloads.flatMap((w) => Object.keys(w.env));
  const readKeys = workloads.flatMap((w) => (w.source.kind === 'bundled' ? bundledEnvKeys(w.source.name) : []));
  if ([...GO_RUNTIME_ENV, ...ownKeys, ...readKeys].includes(name)) return null;
  if (nearest(name, GO_RUNTIME_ENV).length > 0) {
    return {
      path,
      atKey: true,
      message: `${name} is not a variable Go reads, and Go ignores the ones it does not know: every cell would run with Go's default`,
      fix: `${didYouMean(name, GO_RUNTIME_ENV)}(if your service reads ${name} itself, name it in the workload's env: too)`,
    };
  }
  const known = [...ownKeys, ...readKeys];
  if (nearest(name, known).length > 0) {
    return { path, atKey: true, severity: 'warning', message: `no workload is known to read ${name}`, fix: `${didYouMean(name, known)}leave it if your service reads ${name}` };
  }
  if (workloads.length > 0 && workloads.every((w) => w.source.kind === 'bundled')) {
    return {
      path,
      atKey: true,
      severity: 'warning',
      message: `no bundled workload of this matrix reads ${name}: its cells would differ in name only`,
      fix: `drop it, or vary what they read: ${[...new Set([...GO_RUNTIME_ENV, ...readKeys])].filter((k) => !SET_BY_GOSWEEP.includes(k)).sort().join(', ')}`,
    };
  }
  return null;
}

/** A value Go would misread or ignore, or null. */
function valueFinding(name: string, text: string, hasMemoryAxis: boolean): Omit<Finding, 'path'> | null {
  if (name === 'GOMAXPROCS' && !/^[1-9]\d*$/.test(text)) {
    return { message: `GOMAXPROCS=${text} is not a positive whole number`, fix: 'use unset, or a number such as 1, 2 or 16' };
  }
  if (name === 'GOGC' && !/^(off|-?\d+)$/.test(text)) {
    return { message: `GOGC=${text} is not a number Go reads, so Go would use 100`, fix: 'use unset, off, or a percentage as a whole number such as 50, 100 or 200' };
  }
  if (name !== 'GOMEMLIMIT' || text === 'off') return null;
  const percent = parsePercent(text);
  if (percent !== null) {
    if (percent > 1) return { message: `GOMEMLIMIT=${text} is above 100% of the memory limit`, fix: 'use a share of the limit from 1% to 100%, such as 80% or 90%' };
    if (percent === 0) return { message: 'GOMEMLIMIT=0% leaves the heap no room: Go would collect garbage without pause', fix: 'use a share of the limit such as 80% or 90%' };
    if (!hasMemoryAxis) return { message: `GOMEMLIMIT=${text} is relative, but the matrix sets no memory limit`, fix: 'add a memory axis, or give GOMEMLIMIT in bytes (e.g. 200MiB)' };
    return null;
  }
  if (/^\d+$/.test(text)) return { message: `GOMEMLIMIT=${text} is ${text} bytes to Go`, fix: `write a unit: ${text}MiB, or a share of the cell's memory limit: ${text}%` };
  if (!GO_SIZE.test(text)) return { message: `GOMEMLIMIT=${text} is not a size Go reads`, fix: 'use a percentage of the memory limit (80%), a Go size (200MiB), or off' };
  return null;
}

/** Env axes: names Go or the workloads read, values they read as meant. */
export function checkEnv(input: MatrixInput, workloads: Workload[]): Finding[] {
  const findings: Finding[] = [];
  for (const [name, values] of Object.entries(input.axes.env ?? {})) {
    const named = nameFinding(name, workloads);
    if (named) findings.push(named);
    values.forEach((value, i) => {
      if (value === null || value === 'unset') return;
      const problem = valueFinding(name, String(value), input.axes.memory !== undefined);
      if (problem) findings.push({ path: ['axes', 'env', name, i], ...problem });
    });
  }
  return findings;
}
