import { ALLOWED_KEYS } from './schema.ts';
import { nearest } from './suggest.ts';
import { bundledWorkloads } from './workloads.ts';

type Path = ReadonlyArray<PropertyKey>;

/** Where an object sits, indices dropped: ['claims', 0, 'ratio'] → `claims[].ratio`. */
function levelOf(path: Path): string {
  return path.map((p) => (typeof p === 'number' ? '[]' : String(p))).join('.').replaceAll('.[]', '[]');
}

/** The fix to print for a schema problem at `path`. */
export function fixFor(path: Path, code: string, unknownKeys: string[] = []): string {
  const [top, second] = path;
  if (code === 'unrecognized_keys') {
    const allowed = ALLOWED_KEYS[levelOf(path)] ?? [];
    const keys = unknownKeys.map((k) => {
      const near = nearest(k, allowed).map((n) => `'${n}'`);
      return near.length > 0 ? `'${k}' (did you mean ${near.join(' or ')}?)` : `'${k}'`;
    });
    return `remove or rename ${keys.join(', ')}; allowed here: ${allowed.join(', ')}`;
  }
  switch (top) {
    case 'name':
      return 'name the matrix with a short slug, used in the results folder: name: quickstart';
    case 'workloads':
      return WORKLOAD_FIXES[String(path[2])] ?? `list bundled workloads by name (${bundledWorkloads().join(', ')}) or your own service as {name: svc, path: ./path/to/main/package}`;
    case 'claims':
      return CLAIM_FIXES[String(path[2])] ?? 'a claim is an id (C1), or {id, says, metric, where, ratio: {of, to}, atLeast | atMost}; see matrices/README.md';
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

const WORKLOAD_FIXES: Record<string, string> = {
  name: 'name is a lowercase slug: name: mysvc',
  path: 'path is your service\'s Go main package, relative to the matrix file: path: ./cmd/server',
  env: 'env maps variable names to values, set in every container of the workload: env: { CPU_ITERS: 3000 }',
  image: 'image is an image already in the local engine (nothing is pulled): image: myservice:dev',
  dockerfile: 'dockerfile is built by the engine, its folder the context, relative to the matrix file: dockerfile: ./Dockerfile',
  portEnv: 'portEnv names the variable your service reads its port from: portEnv: HTTP_PORT',
  args: 'args are the service\'s arguments, {port} standing for the port: args: ["-listen", ":{port}"]',
  port: 'port is the port your service always listens on, when it reads none: port: 8080',
  healthPath: 'healthPath answers 2xx once the service is ready, and starts with /; null to wait for the first 2xx on the request instead: healthPath: /health',
  infoPath: 'infoPath is the JSON endpoint of what the Go runtime saw (go-workloads/info), starting with /, or null: infoPath: /info',
  requestPath: 'requestPath is where the load goes, starting with /: requestPath: /',
  method: 'method is the load\'s HTTP method: method: POST',
  headers: 'headers are sent with every request: headers: { Content-Type: application/json }',
  body: 'body is sent with every request, as text: body: \'{"sku": "a1"}\'',
  requests: 'requests is a weighted mix, each with a path: requests: [{ path: /items, weight: 9 }, { path: /orders, method: POST, body: "{}", weight: 1 }]',
};

const CLAIM_FIXES: Record<string, string> = {
  atLeast: 'a bound is a number with the metric\'s unit (atMost: 2ms, atLeast: 500rps, atMost: 64MiB), or a plain number for a ratio or a count',
  atMost: 'a bound is a number with the metric\'s unit (atMost: 2ms, atLeast: 500rps, atMost: 64MiB), or a plain number for a ratio or a count',
  ratio: 'a ratio compares two groups of cells: ratio: { of: { env.GOMAXPROCS: 16 }, to: { env.GOMAXPROCS: 1 } }',
  where: 'where maps axis names to values: where: { cpus: 1 }',
};

const AXIS_FIXES: Record<string, string> = {
  target: 'targets are where cells run: target: [docker, process, lambda-local]',
  cpus: 'CPUs are numbers of cores, as for docker --cpus: cpus: [0.5, 1, 2]',
  memory: 'write memory as docker --memory does: memory: [128m, 512m, 1g]',
  concurrency: 'concurrency is a whole number of connections: concurrency: [1, 8, 64]',
  rps: 'rps is an open-loop arrival rate in requests per second: rps: [100, 500, 1000]',
  idleGap: 'idleGap is seconds without a request before each request after the window: idleGap: [1, 10, 40]',
  build: 'build variants: { tags: [none, automemlimit], strip: [false, true], trimpath: [true, false], go: [local, go1.24.13], base: [scratch, static, debian-slim], upx: [false, true], pad: [0, 8m, 32m] }',
  lambda: 'Lambda settings (targets lambda and lambda-local): { memory: [128, 512, 1769], arch: [x86_64, arm64], package: [zip, image], provisioned: [0, 2] }',
  cloudrun: 'Cloud Run settings (target cloudrun-local): { concurrency: [1, 8, 80], cpu: [request, instance], minInstances: [0, 1], maxInstances: [10], cpuBoost: [false, true], throttle: [quota, freeze], scaling: [target, reactive], idleWindow: [30] }',
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
  seed: 'seed is a whole number from 0 to 2147483647, or leave it out to derive one from the matrix file',
  idleProbes: 'how many requests after an idle gap each run sends: idleProbes: 5',
  cloudrunPrices: 'a whole Cloud Run price table, read on a date from a page: cloudrunPrices: { asOf: 2026-11-29, region: us-central1, source: https://cloud.google.com/run/pricing, request: { vcpuSecondUsd: 0.000024, gibSecondUsd: 0.0000025, requestUsd: 4e-7 }, instance: { vcpuSecondUsd: 0.000018, gibSecondUsd: 0.000002, requestUsd: 0 }, idleMinInstance: { vcpuSecondUsd: 0.0000025, gibSecondUsd: 0.0000025 } }',
  lambdaPrices: 'Lambda prices read on a date from a page: lambdaPrices: { asOf: 2026-11-29, source: https://aws.amazon.com/lambda/pricing/, gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 }, requestUsd: 2e-7 }',
  pull: 'pull is true (every cold start pulls the image afresh from a local registry) or false',
};
