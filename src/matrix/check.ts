import type { Cell, Workload } from '../types.ts';
import { AXIS_GROUPS, type MatrixInput } from './schema.ts';
import type { Finding, HostLimits } from './finding.ts';

export type { Finding, HostLimits } from './finding.ts';
import { parseThreshold } from '../compare/thresholds.ts';
import { checkClaims } from './check-claims.ts';
import { checkEntries } from './check-entries.ts';
import { checkEnv } from './check-env.ts';
import { parseMemory } from './units.ts';



const MIN_MEMORY_BYTES = 6 * 1024 ** 2; // Docker refuses less than 6 MiB.
const MiB = 1024 ** 2;

/** The axis names a matrix has, as where, include and exclude name them. */
export function axisNamesOf(input: MatrixInput): string[] {
  const { target, cpus, memory, rps, idleGap, env } = input.axes;
  return [
    'workload',
    ...(target ? ['target'] : []),
    ...(cpus ? ['cpus'] : []),
    ...(memory ? ['memory'] : []),
    'concurrency',
    ...(rps ? ['rps'] : []),
    ...(idleGap ? ['idleGap'] : []),
    ...Object.keys(env ?? {}).map((n) => `env.${n}`),
    ...(Object.keys(AXIS_GROUPS) as Array<keyof typeof AXIS_GROUPS>).flatMap((group) => Object.keys(input.axes[group] ?? {}).map((k) => `${group}.${k}`)),
  ];
}

/**
 * Checks that span fields or depend on the Docker host. `input` may be salvaged: its arrays have holes where values were invalid.
 * `workloadNames` are those the file declares, resolved or not, for include, exclude and where.
 */
export function checkMatrix(input: MatrixInput, workloads: Workload[], host: HostLimits, workloadNames = workloads.map((w) => w.name)): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  workloads.forEach((w, i) => {
    if (seen.has(w.name)) findings.push({ path: ['workloads', i], message: `workload name '${w.name}' is used twice`, fix: 'give each workload its own name' });
    seen.add(w.name);
  });

  input.axes.target?.forEach((target, i) => {
    if (host.targets && !host.targets.includes(target)) {
      findings.push({ path: ['axes', 'target', i], message: `unknown target '${target}'`, fix: `use one of ${host.targets.join(', ')}` });
    }
  });
  input.axes.cpus?.forEach((cpus, i) => {
    if (cpus < 0.01) findings.push({ path: ['axes', 'cpus', i], message: `${cpus} CPUs is below Docker's minimum`, fix: 'use at least 0.01' });
    if (host.cpus !== undefined && cpus > host.cpus) {
      findings.push({ path: ['axes', 'cpus', i], message: `${cpus} CPUs, but this machine has ${host.cpus}`, fix: `use at most ${host.cpus}, or run gosweep on a machine with more CPUs` });
    }
  });
  input.axes.memory?.forEach((memory, i) => {
    const bytes = parseMemory(memory);
    if (bytes < MIN_MEMORY_BYTES) findings.push({ path: ['axes', 'memory', i], message: `${memory} is below Docker's 6m minimum`, fix: 'use at least 6m' });
    if (host.memoryBytes !== undefined && bytes > host.memoryBytes) {
      const hostMiB = Math.floor(host.memoryBytes / MiB);
      findings.push({ path: ['axes', 'memory', i], message: `${memory} is more than this machine's ${hostMiB}m`, fix: `use at most ${hostMiB}m, or run gosweep on a machine with more memory` });
    }
  });

  if (input.axes.build?.pad?.some((p) => p !== 0 && p !== '0')) {
    workloads.forEach((w, i) => {
      if (w.source.kind === 'path') findings.push({ path: ['workloads', i], message: `build.pad needs the bundled workloads' pad package; '${w.name}' is your own service`, fix: 'drop build.pad, or run it on a bundled workload' });
    });
  }

  input.gate.forEach((rule, i) => {
    const parsed = parseThreshold(rule);
    if (typeof parsed === 'string') findings.push({ path: ['gate', i], message: parsed, fix: 'write thresholds as p99:+10%, rps:-5%, cold_start:+5ms' });
  });

  const axisNames = axisNamesOf(input);
  findings.push(...checkEnv(input, workloads));
  findings.push(...checkClaims(input.claims, axisNames, workloadNames));
  findings.push(...checkEntries(input, axisNames, workloadNames, host));
  return findings;
}
