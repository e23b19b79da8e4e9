import { ALLOWED_KEYS } from './schema.ts';

type Path = ReadonlyArray<PropertyKey>;

/** The fix to print for a schema problem at `path`. */
export function fixFor(path: Path, code: string, unknownKeys: string[] = []): string {
  const [top, second] = path;
  if (code === 'unrecognized_keys') {
    const where = top === 'workloads' ? 'workloads' : String(top ?? '');
    const allowed = ALLOWED_KEYS[where] ?? ALLOWED_KEYS[''] ?? [];
    return `remove or rename ${unknownKeys.map((k) => `'${k}'`).join(', ')}; allowed here: ${allowed.join(', ')}`;
  }
  switch (top) {
    case 'name':
      return 'name the matrix with a short slug, used in the results folder: name: quickstart';
    case 'workloads':
      return 'list bundled workloads by name (hello, cpu, io) or your own service as {name: svc, path: ./path/to/main/package}';
    case 'claims':
      return 'a claim is an id (C1), or {id, says, metric, where, ratio: {of, to}, atLeast | atMost}; see matrices/README.md';
    case 'gate':
      return 'list thresholds for gosweep compare: gate: [p99:+10%, rps:-5%, cold_start:+5ms]';
    case 'include':
    case 'exclude':
      return `each ${top} entry maps axis names to values, e.g. - { workload: hello, cpus: 2 }`;
    case 'run':
      return RUN_FIXES[String(second)] ?? `allowed keys: ${(ALLOWED_KEYS.run ?? []).join(', ')}`;
    case 'axes':
      return AXIS_FIXES[String(second)] ?? `axes are ${(ALLOWED_KEYS.axes ?? []).join(', ')}`;
    default:
      return 'see matrices/README.md for the matrix format';
  }
}

const AXIS_FIXES: Record<string, string> = {
  target: 'targets are where cells run: target: [docker]',
  cpus: 'CPUs are numbers of cores, as for docker --cpus: cpus: [0.5, 1, 2]',
  memory: 'write memory as docker --memory does: memory: [128m, 512m, 1g]',
  concurrency: 'concurrency is a whole number of connections: concurrency: [1, 8, 64]',
  rps: 'rps is an open-loop arrival rate in requests per second: rps: [100, 500, 1000]',
  build: 'build variants: { tags: [none, automemlimit], strip: [false, true], trimpath: [true, false], go: [local, go1.24.13], base: [scratch, static, debian-slim], upx: [false, true], pad: [0, 8m, 32m] }',
  env: 'each env axis lists values; use unset to leave the variable out: env: { GOMAXPROCS: [unset, 1, 16] }',
};

const RUN_FIXES: Record<string, string> = {
  repetitions: 'repetitions is a whole number from 1, e.g. repetitions: 3',
  coldStarts: 'coldStarts is a whole number from 0, e.g. coldStarts: 3',
  warmupSeconds: 'warmupSeconds is a number of seconds from 0, e.g. warmupSeconds: 2',
  durationSeconds: 'durationSeconds is a positive number of seconds, e.g. durationSeconds: 10',
  requestTimeoutMs: 'requestTimeoutMs is a whole number of milliseconds, e.g. requestTimeoutMs: 2000',
  readyTimeoutSeconds: 'readyTimeoutSeconds is how long a container may take to answer, e.g. readyTimeoutSeconds: 15',
  isolateDriver: 'isolateDriver is true (pin the load generator apart where the host has 4+ CPUs) or false',
  seed: 'seed is a whole number from 0 to 2147483647, or leave it out to draw one',
};
