import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../paths.ts';
import { matrixSchema } from './schema.ts';

/** Where `npm run schema` writes it; matrix files name it in their first line, for editors. */
export const MATRIX_SCHEMA_FILE = path.join(packageRoot, 'schema', 'matrix.schema.json');

type Node = Record<string, unknown>;

/** Hover docs by property path (`[]` an element, `.*` any key), worded as matrices/README.md has them. */
const DESCRIPTIONS: Record<string, string> = {
  '': 'A gosweep matrix: which workloads to run, under which limits, and how long to measure. See matrices/README.md.',
  name: 'A lowercase slug; the results folder is results/<name>-<time>/.',
  description: 'Free text.',
  gate: 'Limits for gosweep compare, metric by metric: [p99:+10%, rps:-5%, cold_start:+5ms].',
  claims: 'What gosweep report checks: an id alone (tested, no automatic verdict), or { id, says, metric, where, ratio, atLeast | atMost }.',
  'claims[].id': 'The claim\'s id, e.g. C1.',
  'claims[].says': 'The claim in words.',
  'claims[].metric': 'p50 p99 p999 rps cold_start throttled memory pull binary image, or a numeric results.csv column (gosweep columns).',
  'claims[].where': 'The cells it is about, by axis values: { cpus: 1, env.GOMAXPROCS: 16 }.',
  'claims[].ratio': 'median(of) / median(to), each a set of axis values; its bounds are plain numbers.',
  'claims[].atLeast': 'A bound in the metric\'s unit: 2ms, 500rps, 64MiB; a plain number for a count or a ratio.',
  'claims[].atMost': 'A bound in the metric\'s unit: 2ms, 500rps, 64MiB; a plain number for a count or a ratio.',
  workloads: 'A bundled workload by name (alloc, cpu, hello, init-heavy, io, ticker), or an object: a bundled one with its env, or your own service.',
  'workloads[].name': 'A bundled workload, or the name of your own service (a lowercase slug).',
  'workloads[].path': 'Your own service: a Go main package, relative to this file.',
  'workloads[].image': 'Your own service: an image already in the local engine (nothing is pulled), e.g. myservice:dev.',
  'workloads[].dockerfile': 'Your own service: a Dockerfile built by the engine, its folder the context, relative to this file.',
  'workloads[].env': 'Fixed env for every container of this workload.',
  'workloads[].portEnv': 'The variable your service reads its port from.',
  'workloads[].args': 'The service\'s arguments, {port} standing for the port.',
  'workloads[].port': 'The port your service always listens on, when it reads none.',
  'workloads[].healthPath': 'Answers 2xx once the service is ready (not /healthz: Cloud Run keeps paths ending in z); null to wait for the first 2xx on the request.',
  'workloads[].infoPath': 'What the Go runtime saw (go-workloads/info); null if the service has none.',
  'workloads[].requestPath': 'Where the load goes.',
  'workloads[].method': 'The load\'s HTTP method.',
  'workloads[].headers': 'Sent with every request.',
  'workloads[].body': 'Sent with every request, as text.',
  'workloads[].requests': 'A weighted mix, each with a path: [{ path: /items, weight: 9 }, { path: /orders, method: POST, body: "{}", weight: 1 }].',
  axes: 'The cross product of these is the set of cells.',
  'axes.target': 'Where cells run: docker (default), process, lambda-local, lambda, cloudrun-local, cloudrun.',
  'axes.cpus': 'docker --cpus.',
  'axes.memory': 'docker --memory, with no swap: 256m, 1g.',
  'axes.concurrency': 'Closed-loop connections (default [8]); with rps, the most connections.',
  'axes.rps': 'Open loop at these arrival rates, in requests per second.',
  'axes.idleGap': 'After the window, run.idleProbes requests, each after this many seconds without one.',
  'axes.env': 'Environment variables, each with its values; unset or null leaves it out. GOMEMLIMIT: a percentage of the cell\'s memory (80%) or a size with its unit (200MiB).',
  'axes.build': 'Build variants; each is its own image.',
  'axes.build.tags': 'Go build tags, comma-separated, or none: automemlimit, automaxprocs (blank imports).',
  'axes.build.strip': '-ldflags=-s -w.',
  'axes.build.trimpath': '-trimpath (default true).',
  'axes.build.go': 'The toolchain: local (the installed Go), or one fetched via GOTOOLCHAIN, such as go1.24.13.',
  'axes.build.base': 'Image base; debian-slim is made here once with debootstrap.',
  'axes.build.upx': 'upx --best; cells are skipped where upx is not installed.',
  'axes.build.pad': 'An incompressible payload linked in (bundled workloads): 0 or a size such as 32m.',
  'axes.lambda': 'The Lambda function\'s settings (targets lambda and lambda-local); cpus and memory do not apply there.',
  'axes.lambda.memory': 'The memory tier in MB, 128 to 10,240; 1,769 MB is one vCPU.',
  'axes.lambda.arch': 'x86_64 or arm64 (arm64 is skipped on an x86 host\'s lambda-local).',
  'axes.lambda.package': 'zip or image (lambda-local runs an image like a zip).',
  'axes.lambda.provisioned': 'Provisioned concurrency: environments kept warm (default 0).',
  'axes.cloudrun': 'The Cloud Run service\'s settings (targets cloudrun and cloudrun-local).',
  'axes.cloudrun.concurrency': 'Requests one instance takes at once, 1 to 1000 (default 80).',
  'axes.cloudrun.cpu': 'CPU billing: only while requests are in flight (request, the default), or all the time (instance).',
  'axes.cloudrun.minInstances': 'Instances kept warm (default 0).',
  'axes.cloudrun.maxInstances': 'The most instances it scales out to (default 100).',
  'axes.cloudrun.cpuBoost': 'Doubles the CPU until the instance is ready and for 10 s after.',
  'axes.cloudrun.throttle': 'cloudrun-local only: how the CPU is taken away between requests, CFS quota to the minimum (quota, default) or cgroup freeze.',
  'axes.cloudrun.scaling': 'cloudrun-local only: scale out at 60% of the slots (target, default), or only when a request has to queue (reactive).',
  'axes.cloudrun.idleWindow': 'cloudrun-local only: seconds an idle instance is kept (default 30).',
  include: 'Cells to add, by axis values ({ workload: cpu, cpus: 0.25 }); axes not named take their first value.',
  exclude: 'Drop the cells matching every key given: { workload: hello, env.GOMAXPROCS: 16 }.',
  run: 'How each cell is run and measured.',
  'run.repetitions': 'Runs per cell, interleaved in shuffled rounds.',
  'run.coldStarts': 'Fresh containers per run, each timed to its first response.',
  'run.warmupSeconds': 'Load before the measured window, not recorded.',
  'run.durationSeconds': 'The measured window.',
  'run.requestTimeoutMs': 'How long one request may take.',
  'run.readyTimeoutSeconds': 'How long a container may take to answer its healthPath.',
  'run.seed': 'Fixes the run order; when absent (and no --seed), derived from this file\'s hash, so any edit changes it.',
  'run.isolateDriver': 'Pin the load generator and the workload to disjoint CPUs (hosts of 4+ CPUs).',
  'run.pull': 'Every cold start pulls the image afresh from a local registry.',
  'run.lambdaPrices': 'Override Lambda\'s price table; figures need the date (asOf) and page (source) they were read from.',
  'run.cloudrunPrices': 'Replace Cloud Run\'s whole price table, with its date (asOf) and page (source).',
  'run.idleProbes': 'With idleGap: how many requests after idle each run sends.',
};

/** A case-insensitive regex's source for JSON Schema, whose patterns carry no flags: `kb` → `[kK][bB]`. */
function caseless(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\') out += c + (source[++i] ?? '');
    else if (c === '[') throw new Error(`cannot spell out /${source}/i: it has a character class`);
    else out += c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`;
  }
  return out;
}

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Puts each description on the node its path names; not again on the branches of an anyOf. */
function describe(node: Node, at: string, used: Set<string>, here = true): void {
  const text = DESCRIPTIONS[at];
  if (here && text !== undefined) {
    node.description = text;
    used.add(at);
  }
  for (const [key, child] of Object.entries(isNode(node.properties) ? node.properties : {})) if (isNode(child)) describe(child, at ? `${at}.${key}` : key, used);
  if (isNode(node.items)) describe(node.items, `${at}[]`, used);
  if (isNode(node.additionalProperties)) describe(node.additionalProperties, `${at}.*`, used);
  for (const branch of Array.isArray(node.anyOf) ? node.anyOf : []) if (isNode(branch)) describe(branch, at, used, false);
}

/** The JSON Schema (draft 2020-12) of a matrix file, made from matrixSchema: what a file may say, with defaults optional. */
export function matrixJsonSchema(): Node {
  const generated = z.toJSONSchema(matrixSchema, {
    target: 'draft-2020-12',
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      // startsWith comes out as a pattern and a made-up format, which validators and editors reject.
      if (jsonSchema.format === 'starts_with') delete jsonSchema.format;
      // A pattern loses its flags (MEMORY_PATTERN's i): spell the case out.
      const regexes = (zodSchema._zod.def.checks ?? []).map((check) => (check._zod.def as { pattern?: unknown }).pattern);
      const regex = regexes.find((r): r is RegExp => r instanceof RegExp && r.source === jsonSchema.pattern);
      if (regex?.flags.includes('i')) jsonSchema.pattern = caseless(regex.source);
    },
  }) as Node;
  const used = new Set<string>();
  describe(generated, '', used);
  const unused = Object.keys(DESCRIPTIONS).filter((key) => !used.has(key));
  if (unused.length > 0) throw new Error(`descriptions of what the matrix schema lacks: ${unused.join(', ')}`);
  const { $schema, description, ...rest } = generated;
  return { $schema, $id: 'urn:gosweep:matrix', title: 'gosweep matrix', description, ...rest };
}

/** The schema file's text, as `npm run schema` writes it. */
export const matrixJsonSchemaText = (): string => `${JSON.stringify(matrixJsonSchema(), null, 2)}\n`;
