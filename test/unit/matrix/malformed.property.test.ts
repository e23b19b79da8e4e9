// Malformed matrices, generated: valid matrices mutated as a person (or a bad
// merge) would, as YAML data and as text. For every one the validation
// `gosweep run` does before anything starts either passes, or refuses with
// problems that each say where (file:line:col) and how to fix it; any other
// exception is a crash. The seed is fixed, so a failure reproduces.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { UsageError } from '../../../src/errors.ts';
import { loadMatrix, type HostLimits } from '../../../src/matrix/load.ts';
import { planRuns } from '../../../src/matrix/plan.ts';
import { ALLOWED_KEYS, AXIS_GROUPS } from '../../../src/matrix/schema.ts';
import { packageRoot } from '../../../src/paths.ts';
import { checkCells, TARGET_NAMES } from '../../../src/targets/index.ts';
import type { Matrix } from '../../../src/types.ts';
import { tmpDir } from '../../helpers/tmp.ts';

const SEED = 20261129;
/** Documents per property; 2,400 in all. */
const RUNS = { data: 1400, text: 1000 };
/** Past this many combinations of axis values, a passing matrix is not planned (the cross product alone would be the test). */
const MAX_CELLS = 10_000;

/** As `gosweep run` validates (commands/run.ts validate), against a generous host, so the limits are not what refuses. */
const HOST: HostLimits = { cpus: 64, memoryBytes: 256 * 1024 ** 3, targets: TARGET_NAMES, checkCells };

/** Left out as a seed: its 4,800 cells take a third of a second to validate, and its mutants longer. */
const TOO_BIG = new Set(['huge.yaml']);

interface Seed {
  name: string;
  /** The file's text, relative workload paths made absolute so it validates from a temporary folder. */
  text: string;
  data: Record<string, unknown>;
}

/** The matrix files of `dir`, as seeds. */
function seedsIn(dir: string): Seed[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !TOO_BIG.has(f))
    .sort()
    .map((f) => {
      const doc = parseDocument(fs.readFileSync(path.join(dir, f), 'utf8'));
      const workloads = (doc.toJS() as { workloads?: unknown }).workloads;
      (Array.isArray(workloads) ? workloads : []).forEach((w: unknown, i) => {
        for (const key of ['path', 'dockerfile']) {
          const value = (w as Record<string, unknown> | null)?.[key];
          if (typeof value === 'string') doc.setIn(['workloads', i, key], path.resolve(dir, value));
        }
      });
      return { name: path.relative(packageRoot, path.join(dir, f)), text: doc.toString(), data: doc.toJS() as Record<string, unknown> };
    });
}

// ---------------------------------------------------------------------------
// Values

const NASTY_STRINGS = [
  '', ' ', 'NaN', 'nan', '.nan', 'Infinity', '-Infinity', '.inf', '1e999', '-1', '0', '0x10', '~', 'null', 'true', 'yes', 'unset', 'off',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '%', '80%', '150%', '-5%', '0%', '256', '256 MB', '1t', '1.5.5g', 'g', '-1m',
  '9'.repeat(400), 'a\u0000b', '\u202eevil', 'é', '🙂', '\t', '\n', 'a\nb: c', '{port}', '/', '../..', '.', '*a', '&a', '!!str', '#', '- x', 'a: b',
];
const NASTY_NUMBERS = [
  0, -0, -1, 0.5, 0.001, 1e-300, 1e300, -1e300, 2 ** 31 - 1, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, Number.MAX_VALUE, Number.MIN_VALUE,
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 6 * 1024 ** 2 - 1, 10_000, 10_001, 1_000_001, 3601, 65_536, 127, 10_241,
];
const nastyString = fc.constantFrom(...NASTY_STRINGS);
const nastyNumber = fc.constantFrom(...NASTY_NUMBERS);
const scalar = fc.oneof(nastyString, nastyNumber, fc.string({ maxLength: 12 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));

/** Any value: JSON, the edge cases above, empty and nested collections. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: scalar, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 3 },
  { arbitrary: fc.constantFrom<unknown>([], {}, [[]], [{}], { a: { b: { c: [] } } }, [null], [1, [2, [3]]]), weight: 1 },
  { arbitrary: fc.array(scalar, { maxLength: 4 }), weight: 2 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }), weight: 1 },
);

/** A list, or something that is no list: an axis as a person might write it wrong. */
const listOr = <T>(element: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: fc.array(element, { maxLength: 4 }), weight: 4 }, { arbitrary: element, weight: 1 }, { arbitrary: anyValue, weight: 1 });

const known = <T>(values: readonly T[], wrong: fc.Arbitrary<unknown>) => fc.oneof(fc.constantFrom(...values), wrong, scalar);

/** Values for each axis: mostly near the valid ones (a unit off, a name misspelt), some of any kind. */
const AXIS_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  target: listOr(known(TARGET_NAMES, fc.constantFrom('dokcer', 'Docker', 'lambda_local', 'cloudrun-locl', 'nosuch', 'docker '))),
  memory: listOr(known(['128m', '256m', '1g', '512MiB', 64 * 1024 ** 2], fc.constantFrom('256 MB', '1t', '-1m', '0m', '0', '4m', '6m', '1.5g', '256mi', 'm', '1e3m', 'NaN', ' 512m', '999999999999g', '5242880', 1, 0, -256, 0.5))),
  cpus: listOr(known([0.5, 1, 2], fc.constantFrom(0, -1, 0.001, 0.01, 65, 1e9, '1', 'two', '0.5', '.5', 'NaN'))),
  concurrency: listOr(known([1, 8, 64], fc.constantFrom(0, -8, 1.5, 10_000, 10_001, '8', 1e21))),
  rps: listOr(known([100, 500], fc.constantFrom(0, -1, 1_000_000, 1_000_001, '100rps', 0.001))),
  idleGap: listOr(known([1, 10], fc.constantFrom(0, -1, 3600, 3601, '10s'))),
  env: fc.oneof(
    fc.dictionary(
      fc.constantFrom('GOMAXPROCS', 'GOMEMLIMIT', 'GOGC', 'GODEBUG', 'GOMAXPROC', 'gogc', 'CPU_ITERS', 'CPU_ITER', 'INIT_MODE', '1BAD', 'WITH SPACE', 'constructor', '__proto__', ''),
      listOr(fc.constantFrom<unknown>('unset', null, 1, 16, 0, -1, '80%', '150%', '0%', '100%', '200MiB', '200', 'off', 'lots', true, {}, [], 'eager')),
      { maxKeys: 3 },
    ),
    anyValue,
  ),
  ...Object.fromEntries(
    Object.entries(AXIS_GROUPS).map(([group, values]) => [
      group,
      fc.oneof(
        fc.dictionary(fc.constantFrom(...Object.keys(values), 'strp', 'memroy', 'nosuch'), listOr(scalar), { maxKeys: 3 }),
        anyValue,
      ),
    ]),
  ),
};

/** A key near `key`: a letter dropped, doubled or swapped, or the case changed. */
const typoOf = (key: string, at: number, how: number): string => {
  if (key.length === 0) return 'x';
  const i = at % key.length;
  switch (how % 4) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1);
    case 1:
      return key.slice(0, i) + key.charAt(i) + key.slice(i);
    case 2:
      return key.slice(0, i) + key.slice(i + 1, i + 2) + key.charAt(i) + key.slice(i + 2);
    default:
      return key.toUpperCase();
  }
};

const ALL_KEYS = [...new Set(Object.values(ALLOWED_KEYS).flat())];

// ---------------------------------------------------------------------------
// Mutations of the data

type Key = string | number;
type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'rename'; at: number; to: { typo: [number, number] } | { name: string } }
  | { kind: 'duplicate'; at: number; times: number }
  | { kind: 'wrap'; at: number }
  | { kind: 'unwrap'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown }
  | { kind: 'axis'; axis: string; value: unknown }
  | { kind: 'run'; key: string; value: unknown }
  | { kind: 'workload'; value: unknown }
  | { kind: 'entry'; list: 'include' | 'exclude' | 'claims'; value: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every path in `value`, the root first, in a fixed order. */
function pathsOf(value: unknown, at: Key[] = []): Key[][] {
  const inside = Array.isArray(value) ? value.map((v, i) => pathsOf(v, [...at, i])) : isRecord(value) ? Object.entries(value).map(([k, v]) => pathsOf(v, [...at, k])) : [];
  return [at, ...inside.flat()];
}

/** The container and key of the `at`-th path that has a parent (the root has none), or null. */
function pick(doc: unknown, at: number): { parent: Record<Key, unknown> | unknown[]; key: Key } | null {
  const paths = pathsOf(doc).slice(1);
  if (paths.length === 0) return null;
  const chosen = paths[at % paths.length] as Key[];
  const parent = chosen.slice(0, -1).reduce<unknown>((node, k) => (node as Record<Key, unknown>)[k], doc);
  return { parent: parent as Record<Key, unknown>, key: chosen.at(-1) as Key };
}

/** The `at`-th collection of the document (the root among them). */
function pickCollection(doc: unknown, at: number): unknown[] | Record<string, unknown> | null {
  const collections = pathsOf(doc)
    .map((p) => p.reduce<unknown>((node, k) => (node as Record<Key, unknown>)[k], doc))
    .filter((v): v is unknown[] | Record<string, unknown> => Array.isArray(v) || isRecord(v));
  return collections.length === 0 ? null : (collections[at % collections.length] as unknown[] | Record<string, unknown>);
}

/** Sets `key` of `parent` (an object or a list) keeping its place among the keys. */
function renameKey(parent: Record<string, unknown>, from: string, to: string): void {
  const entries = Object.entries(parent).map(([k, v]): [string, unknown] => [k === from ? to : k, v]);
  for (const k of Object.keys(parent)) delete parent[k];
  for (const [k, v] of entries) Object.defineProperty(parent, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A top-level object under `key` of the root, made one when it is not. */
function objectAt(doc: Record<string, unknown>, key: string): Record<string, unknown> {
  if (!isRecord(doc[key])) doc[key] = {};
  return doc[key] as Record<string, unknown>;
}

function listAt(doc: Record<string, unknown>, key: string): unknown[] {
  if (!Array.isArray(doc[key])) doc[key] = [];
  return doc[key] as unknown[];
}

function mutate(doc: unknown, m: Mutation): unknown {
  switch (m.kind) {
    case 'delete': {
      const at = pick(doc, m.at);
      if (!at) return doc;
      if (Array.isArray(at.parent)) at.parent.splice(at.key as number, 1);
      else delete at.parent[at.key];
      return doc;
    }
    case 'replace': {
      const at = pick(doc, m.at);
      if (!at) return m.value;
      (at.parent as Record<Key, unknown>)[at.key] = structuredClone(m.value);
      return doc;
    }
    case 'rename': {
      const at = pick(doc, m.at);
      if (!at || Array.isArray(at.parent) || typeof at.key !== 'string') return doc;
      renameKey(at.parent, at.key, 'name' in m.to ? m.to.name : typoOf(at.key, ...m.to.typo));
      return doc;
    }
    case 'duplicate': {
      const list = pickCollection(doc, m.at);
      if (!Array.isArray(list)) return doc;
      if (list.length === 0) list.push(null);
      const i = m.at % list.length;
      list.splice(i, 0, ...Array.from({ length: m.times }, () => structuredClone(list[i])));
      return doc;
    }
    case 'wrap': {
      const at = pick(doc, m.at);
      if (!at) return [doc];
      const parent = at.parent as Record<Key, unknown>;
      parent[at.key] = Array.isArray(parent[at.key]) ? { [String(at.key)]: parent[at.key] } : [parent[at.key]];
      return doc;
    }
    case 'unwrap': {
      const at = pick(doc, m.at);
      if (!at) return doc;
      const parent = at.parent as Record<Key, unknown>;
      const value = parent[at.key];
      parent[at.key] = Array.isArray(value) ? value[0] : isRecord(value) ? Object.values(value) : value;
      return doc;
    }
    case 'add': {
      const target = pickCollection(doc, m.at);
      if (Array.isArray(target)) target.push(structuredClone(m.value));
      else if (target) Object.defineProperty(target, m.key, { value: structuredClone(m.value), enumerable: true, writable: true, configurable: true });
      return doc;
    }
    case 'axis':
    case 'run':
    case 'workload':
    case 'entry': {
      if (!isRecord(doc)) return doc;
      const value = structuredClone(m.value);
      if (m.kind === 'axis') objectAt(doc, 'axes')[m.axis] = value;
      else if (m.kind === 'run') objectAt(doc, 'run')[m.key] = value;
      else if (m.kind === 'workload') listAt(doc, 'workloads').push(value);
      else listAt(doc, m.list).push(value);
      return doc;
    }
  }
}

const at = fc.nat();
const axisNames = Object.keys(AXIS_VALUES);
/** Names include, exclude and claims use: the axes, some misspelt, env and group axes. */
const entryKey = fc.constantFrom('workload', ...axisNames.filter((a) => !(a in AXIS_GROUPS) && a !== 'env'), 'env.GOMAXPROCS', 'env.GOGC', 'env.GOMEMLIMIT', 'build.strip', 'lambda.memory', 'cloudrun.cpu', 'cpu', 'worklaod', 'env.', 'env.NOPE', 'nosuch');
const entry = fc.dictionary(entryKey, fc.oneof(scalar, fc.constantFrom('hello', 'cpu', 'helo', 'docker', 'unset', '256m', 1, 2, 8)), { maxKeys: 3 });
const claim = fc.oneof(
  fc.record(
    {
      id: fc.oneof(fc.constantFrom('C1', 'C2'), scalar),
      says: fc.oneof(fc.constant('it holds'), scalar),
      metric: fc.oneof(fc.constantFrom('p99', 'p50', 'rps', 'cold_start', 'memory', 'oom_kills', 'p99ms', 'constructor', 'toString'), scalar),
      where: fc.oneof(entry, anyValue),
      ratio: fc.oneof(fc.record({ of: entry, to: entry }), anyValue),
      atLeast: fc.oneof(fc.constantFrom('2ms', '500rps', '64MiB', '1.5', 1.5, '2', '1e999ms', '-1ms', 'ms', '2 parsecs', '0.1s', '2µs'), scalar),
      atMost: fc.oneof(fc.constantFrom('2ms', '500rps', '64MiB', 0, 1, '1e-999ms', '2kB', '3xs'), scalar),
    },
    { requiredKeys: [] },
  ),
  scalar,
);
const workloadEntry = fc.oneof(
  fc.constantFrom<unknown>('hello', 'cpu', 'helo', 'Hello', '', 'nosuch', null, 1, [], {}),
  fc.record(
    {
      name: fc.oneof(fc.constantFrom('svc', 'hello', 'cpu', 'Bad Name', ''), scalar),
      path: fc.oneof(fc.constantFrom('./missing', '/', '.', '..', path.join(packageRoot, 'test/fixtures/own-service/cmd/ok'), 'a\u0000b'), scalar),
      image: fc.oneof(fc.constantFrom('myservice:dev', 'BAD REF', 'registry.local/team/orders:dev'), scalar),
      dockerfile: fc.oneof(fc.constantFrom('./Dockerfile', path.join(packageRoot, 'test/fixtures/services/dockerfile/Dockerfile'), ''), scalar),
      env: fc.oneof(fc.dictionary(fc.constantFrom('CPU_ITERS', 'A', '1BAD', ''), scalar, { maxKeys: 2 }), anyValue),
      port: fc.oneof(fc.constantFrom(0, 1, 8080, 65_535, 65_536, -1, 80.5), scalar),
      portEnv: fc.oneof(fc.constantFrom('PORT', 'HTTP_PORT', '1BAD'), scalar),
      args: fc.oneof(fc.array(fc.oneof(fc.constantFrom('-listen', ':{port}'), scalar), { maxLength: 3 }), anyValue),
      healthPath: fc.oneof(fc.constantFrom('/health', 'health', null, ''), scalar),
      method: fc.oneof(fc.constantFrom('GET', 'POST', 'get', 'FETCH'), scalar),
      headers: fc.oneof(fc.dictionary(fc.constantFrom('Content-Type', 'Bad Header', ''), scalar, { maxKeys: 2 }), anyValue),
      requests: fc.oneof(fc.array(fc.record({ path: fc.oneof(fc.constantFrom('/', '/items', 'items'), scalar), weight: fc.oneof(fc.constantFrom(1, 0, -1, 9), scalar) }, { requiredKeys: [] }), { maxLength: 3 }), anyValue),
    },
    { requiredKeys: [] },
  ),
);
const runKey = fc.constantFrom(...(ALLOWED_KEYS.run ?? []), 'repetition', 'durationSecs', 'seeds');

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), at }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value: anyValue }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('rename' as const),
      at,
      to: fc.oneof(fc.record({ typo: fc.tuple(fc.nat(), fc.nat()) }), fc.record({ name: fc.oneof(fc.constantFrom(...ALL_KEYS, '__proto__', 'constructor', ''), fc.string({ maxLength: 10 })) })),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, times: fc.integer({ min: 1, max: 3 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('wrap' as const), at }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('unwrap' as const), at }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('add' as const), at, key: fc.oneof(fc.constantFrom(...ALL_KEYS, '__proto__'), fc.string({ maxLength: 8 })), value: anyValue }), weight: 1 },
  { arbitrary: fc.constantFrom(...axisNames).chain((axis) => fc.record({ kind: fc.constant('axis' as const), axis: fc.constant(axis), value: AXIS_VALUES[axis] as fc.Arbitrary<unknown> })), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('run' as const), key: runKey, value: fc.oneof(anyValue, nastyNumber) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('workload' as const), value: workloadEntry }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('entry' as const), list: fc.constantFrom('include' as const, 'exclude' as const), value: fc.oneof(entry, anyValue) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('entry' as const), list: fc.constant('claims' as const), value: claim }), weight: 1 },
);

// ---------------------------------------------------------------------------
// Mutations of the text

type Edit =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'remove'; at: number; length: number }
  | { kind: 'indent'; line: number; by: number }
  | { kind: 'tab'; line: number }
  | { kind: 'copyLine'; line: number }
  | { kind: 'swapLines'; line: number }
  | { kind: 'prefix'; text: string }
  | { kind: 'append'; text: string };

const YAML_CHARS = [':', '-', '[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', '"', "'", '%', '@', '`', '?', ' ', '  ', '\t', '\n', '\r', '\\', 'a', '1', '\u00a0', '\ufeff', '\u0000', '\u2028'];
const SNIPPETS = ['\t', ': ', '- ', '&a ', '*a', '*nope', '!!binary ', '!!omap ', '!foo ', '!!int ', '<<: ', '? ', '|\n', '>-\n', '"', "'", '{', '[', '---\n', '...\n', ' #', '\r\n', '&a [*a]'];
/** Whole documents' worth of trouble: other YAML versions and directives, several documents, alias tricks. */
const PREFIXES = ['%YAML 1.1\n---\n', '%YAML 1.1\n---\n<<: [1, 2]\n', '%YAML 1.1\n---\nx: &x {a: 1}\n<<: *x\n', '---\n', '--- |\n', '%TAG !e! tag:example.com,2000:\n---\n', '%YAML 2.0\n---\n', '\ufeff', '# comment only\n', 'x: &a 1\n', '[\n'];
const APPENDIXES = [
  '\n---\nname: second\n',
  '\n...\n',
  '\nextra: *missing\n',
  '\nx: &x {a: 1}\n<<: *x\n',
  '\n<<: 5\n',
  '\n<<: [1, 2]\n',
  '\nb: &b [1,1,1,1,1,1,1,1,1,1]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d]\n',
  '\n? [a, b]\n: 1\n',
  '\nname: dup\n',
  '\n  misindented: 1\n',
  '\n\t- tabbed\n',
];

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at,
      text: fc.oneof(fc.string({ unit: fc.constantFrom(...YAML_CHARS), minLength: 1, maxLength: 6 }), fc.constantFrom(...SNIPPETS), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), at, length: fc.integer({ min: 1, max: 40 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('indent' as const), line: at, by: fc.integer({ min: -4, max: 4 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('tab' as const), line: at }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('copyLine' as const), line: at }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('swapLines' as const), line: at }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('prefix' as const), text: fc.constantFrom(...PREFIXES) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('append' as const), text: fc.constantFrom(...APPENDIXES) }), weight: 1 },
);

function applyEdit(text: string, e: Edit): string {
  const lines = text.split('\n');
  const i = 'line' in e ? e.line % lines.length : 0;
  const line = lines[i] ?? '';
  switch (e.kind) {
    case 'truncate':
      return text.slice(0, e.at % (text.length + 1));
    case 'insert': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'remove': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + e.length);
    }
    case 'indent':
      lines[i] = e.by >= 0 ? ' '.repeat(e.by) + line : line.replace(new RegExp(`^ {0,${-e.by}}`), '');
      return lines.join('\n');
    case 'tab':
      lines[i] = line.replace(/^ {1,2}/, '\t');
      return lines.join('\n');
    case 'copyLine':
      lines.splice(i, 0, line);
      return lines.join('\n');
    case 'swapLines': {
      const j = (i + 1) % lines.length;
      [lines[i], lines[j]] = [lines[j] ?? '', line];
      return lines.join('\n');
    }
    case 'prefix':
      return e.text + text;
    case 'append':
      return text + e.text;
  }
}

// ---------------------------------------------------------------------------
// The check

const tally = { tried: 0, passed: 0, refused: 0, planned: 0, notPlanned: 0 };

/** Combinations of the axes' values, plus include: what expanding the matrix would walk. */
const crossProductSize = (m: Matrix) => m.axes.reduce((n, a) => n * a.values.length, 1) + m.include.length;

/**
 * Validates `text` as `gosweep run` would; passes, or refuses with located problems.
 * Anything else fails with the document, for the counterexample fast-check prints.
 */
function check(file: string, text: string): void {
  fs.writeFileSync(file, text);
  tally.tried++;
  const shown = path.relative(process.cwd(), file) || file;
  const lineCount = text.split(/\r\n|\r|\n|\u2028|\u2029/).length;
  let matrix: Matrix;
  try {
    matrix = loadMatrix(file, HOST);
  } catch (err) {
    if (!(err instanceof UsageError)) {
      throw new Error(`loadMatrix crashed (${(err as Error)?.name}) on:\n${text}\n---\n${(err as Error)?.stack ?? String(err)}`);
    }
    assert.ok(err.problems.length > 0, `a UsageError with no problem, on:\n${text}`);
    for (const p of err.problems) {
      const about = `${JSON.stringify(p)}\non:\n${text}`;
      assert.equal(p.file, shown, `problem names another file: ${about}`);
      // Line 0 is the whole file: only the targets' checks of the expanded cells, which have no place in it (load.ts).
      if (p.line === 0) {
        assert.ok(p.path.startsWith('cell '), `a problem with no line that is no cell's: ${about}`);
        assert.equal(p.col, 0, about);
      } else {
        assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount, `line out of the file (${lineCount} lines): ${about}`);
        assert.ok(Number.isInteger(p.col) && p.col >= 1, `col below 1: ${about}`);
      }
      assert.ok(typeof p.message === 'string' && p.message.trim().length > 0, `no message: ${about}`);
      assert.ok(typeof p.fix === 'string' && p.fix.trim().length > 0, `no fix: ${about}`);
    }
    tally.refused++;
    return;
  }
  tally.passed++;
  if (crossProductSize(matrix) > MAX_CELLS) {
    tally.notPlanned++;
    return;
  }
  const plan = planRuns(matrix);
  assert.equal(plan.runs.length, plan.cells.length * matrix.run.repetitions, `plan of:\n${text}`);
  tally.planned++;
}

/** What happened to the documents `run` checked, for the test's diagnostic. */
function counted(t: { diagnostic: (message: string) => void }, run: () => void): void {
  const before = { ...tally };
  const started = performance.now();
  try {
    run();
  } finally {
    const [tried, passed, refused, planned] = (['tried', 'passed', 'refused', 'planned'] as const).map((k) => tally[k] - before[k]);
    t.diagnostic(`${tried} documents in ${((performance.now() - started) / 1000).toFixed(1)}s: ${passed} passed (${planned} planned), ${refused} refused with located problems`);
  }
}

describe('malformed matrices (property): validation passes or refuses with located problems, never crashes', () => {
  const file = path.join(tmpDir({ after }), 'matrix.yaml');
  /** The bundled matrices, and the fixtures that validate offline (not those invalid on purpose, or naming what is not there). */
  const seeds: Seed[] = [];

  it('the seeds: every bundled matrix, and the fixtures that validate, each as it stands and as data written back', (t) => {
    const validates = (seed: Seed) =>
      [seed.text, stringify(seed.data)].every((text) => {
        const refused = tally.refused;
        check(file, text);
        return tally.refused === refused;
      });
    counted(t, () => {
      for (const seed of seedsIn(path.join(packageRoot, 'matrices'))) {
        assert.ok(validates(seed), `${seed.name} does not validate`);
        seeds.push(seed);
      }
      const fixtures = seedsIn(path.join(packageRoot, 'test', 'fixtures', 'matrices'));
      const skipped = fixtures.filter((seed) => !validates(seed));
      seeds.push(...fixtures.filter((seed) => !skipped.includes(seed)));
      t.diagnostic(`${seeds.length} seeds; fixtures that do not validate, left out: ${skipped.map((s) => path.basename(s.name)).join(', ') || 'none'}`);
    });
    assert.ok(seeds.length >= 20, `only ${seeds.length} seeds`);
  });

  it(`mutated as data: keys deleted, renamed and added, values replaced, wrapped, duplicated (${RUNS.data} documents)`, (t) => {
    const arbitrary = fc.tuple(fc.nat(seeds.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }));
    counted(t, () =>
      fc.assert(
        fc.property(arbitrary, ([index, mutations]) => {
          const seed = seeds[index] as Seed;
          const data = mutations.reduce<unknown>((doc, m) => mutate(doc, m), structuredClone(seed.data));
          check(file, stringify(data));
        }),
        { seed: SEED, numRuns: RUNS.data },
      ),
    );
  });

  it(`mutated as text: truncated, characters inserted and removed, indentation broken, tabs, directives, aliases (${RUNS.text} documents)`, (t) => {
    const arbitrary = fc.tuple(fc.nat(seeds.length - 1), fc.array(edit, { minLength: 1, maxLength: 3 }));
    counted(t, () =>
      fc.assert(
        fc.property(arbitrary, ([index, edits]) => {
          const seed = seeds[index] as Seed;
          check(file, edits.reduce((text, e) => applyEdit(text, e), seed.text));
        }),
        { seed: SEED, numRuns: RUNS.text },
      ),
    );
  });

  it('tried at least 2,000 documents in all', (t) => {
    t.diagnostic(`${tally.tried} documents from ${seeds.length} seeds: ${tally.passed} passed (${tally.planned} planned, ${tally.notPlanned} past ${MAX_CELLS} combinations), ${tally.refused} refused with located problems`);
    assert.ok(tally.tried >= 2000, `${tally.tried} documents`);
  });
});
