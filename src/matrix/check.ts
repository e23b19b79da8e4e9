import type { Workload } from '../types.ts';
import type { MatrixInput } from './schema.ts';
import { parseThreshold } from '../compare/thresholds.ts';
import { parseMemory, parsePercent } from './units.ts';

/** What the Docker host offers, to check limits against, and the targets there are; unknown fields are not checked. */
export interface HostLimits {
  cpus?: number;
  memoryBytes?: number;
  targets?: readonly string[];
}

/** A problem found past the schema, before it is given a line and column. */
export interface Finding {
  path: ReadonlyArray<PropertyKey>;
  key?: string | undefined;
  message: string;
  fix: string;
}

const MIN_MEMORY_BYTES = 6 * 1024 ** 2; // Docker refuses less than 6 MiB.
const GO_SIZE = /^\d+(B|KiB|MiB|GiB|TiB)?$/;

/** Checks that span fields or depend on the Docker host. */
export function checkMatrix(input: MatrixInput, workloads: Workload[], host: HostLimits): Finding[] {
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
      findings.push({ path: ['axes', 'cpus', i], message: `${cpus} CPUs, but the Docker host has ${host.cpus}`, fix: `use at most ${host.cpus}, or run on a larger host (DOCKER_HOST)` });
    }
  });
  input.axes.memory?.forEach((memory, i) => {
    const bytes = parseMemory(memory);
    if (bytes < MIN_MEMORY_BYTES) findings.push({ path: ['axes', 'memory', i], message: `${memory} is below Docker's 6m minimum`, fix: 'use at least 6m' });
    if (host.memoryBytes !== undefined && bytes > host.memoryBytes) {
      findings.push({ path: ['axes', 'memory', i], message: `${memory} is more than the host's ${Math.floor(host.memoryBytes / 1024 ** 2)}m`, fix: 'use a smaller limit' });
    }
  });

  for (const [name, values] of Object.entries(input.axes.env ?? {})) {
    values.forEach((value, i) => {
      const path = ['axes', 'env', name, i];
      if (value === null || value === 'unset') return;
      const text = String(value);
      if (name === 'GOMAXPROCS' && !/^[1-9]\d*$/.test(text)) {
        findings.push({ path, message: `GOMAXPROCS=${text} is not a positive whole number`, fix: 'use unset, or a number such as 1, 2 or 16' });
      }
      if (name === 'GOMEMLIMIT') {
        const percent = parsePercent(text);
        if (percent !== null && !input.axes.memory) {
          findings.push({ path, message: `GOMEMLIMIT=${text} is relative, but the matrix sets no memory limit`, fix: 'add a memory axis, or give GOMEMLIMIT in bytes (e.g. 200MiB)' });
        } else if (percent === null && !GO_SIZE.test(text) && text !== 'off') {
          findings.push({ path, message: `GOMEMLIMIT=${text} is not a size Go reads`, fix: 'use a percentage of the memory limit (80%), a Go size (200MiB), or off' });
        }
      }
    });
  }

  if (input.axes.build?.pad?.some((p) => p !== 0 && p !== '0')) {
    workloads.forEach((w, i) => {
      if (w.source.kind === 'path') findings.push({ path: ['workloads', i], message: `build.pad needs the bundled workloads' pad package; '${w.name}' is your own service`, fix: 'drop build.pad, or run it on a bundled workload' });
    });
  }

  input.gate.forEach((rule, i) => {
    const parsed = parseThreshold(rule);
    if (typeof parsed === 'string') findings.push({ path: ['gate', i], message: parsed, fix: 'write thresholds as p99:+10%, rps:-5%, cold_start:+5ms' });
  });

  const axisNames = new Set([
    'workload',
    ...(input.axes.target ? ['target'] : []),
    ...(input.axes.cpus ? ['cpus'] : []),
    ...(input.axes.memory ? ['memory'] : []),
    'concurrency',
    ...(input.axes.rps ? ['rps'] : []),
    ...Object.keys(input.axes.env ?? {}).map((n) => `env.${n}`),
    ...Object.keys(input.axes.build ?? {}).map((k) => `build.${k}`),
  ]);
  input.claims.forEach((claim, i) => {
    if (typeof claim === 'string') return;
    for (const [part, entry] of [['where', claim.where], ['ratio.of', claim.ratio?.of ?? {}], ['ratio.to', claim.ratio?.to ?? {}]] as const) {
      for (const key of Object.keys(entry)) {
        if (!axisNames.has(key)) findings.push({ path: ['claims', i, ...part.split('.')], key, message: `'${key}' is not an axis of this matrix`, fix: `use one of ${[...axisNames].join(', ')}` });
      }
    }
  });
  for (const list of ['include', 'exclude'] as const) {
    input[list].forEach((entry, i) => {
      for (const key of Object.keys(entry)) {
        if (!axisNames.has(key)) {
          findings.push({ path: [list, i], key, message: `'${key}' is not an axis of this matrix`, fix: `use one of ${[...axisNames].join(', ')}` });
        }
      }
    });
  }
  return findings;
}
