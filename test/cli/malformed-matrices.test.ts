// Malformed matrices through the built CLI, cheaply: a few bundled matrices
// mutated (a fixed fast-check seed, so the same documents every time), each
// run with --dry-run against no Docker engine, so nothing can start. Each
// exits 0, or 2 with every problem located (file:line:col, or the file for a
// cell's problem) and its fix; never 70 with a stack. The thousands of
// documents are test/unit/matrix/malformed.property.test.ts's, in-process.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { packageRoot } from '../../src/paths.ts';
import { gosweep } from '../helpers/cli.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';

const SEED = 20261129;
const MUTANTS = 7;
/** Runs of the CLI at once: each is a Node process that loads every command (about 2 s of CPU). */
const AT_ONCE = 2;
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

const SEEDS = ['quickstart.yaml', 'nightly.yaml', 'gomemlimit.yaml', 'lambda-memory.yaml', 'cloudrun-cpu.yaml', 'binary-size.yaml'].map((f) => fs.readFileSync(path.join(packageRoot, 'matrices', f), 'utf8'));

const weird = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom<unknown>('', 'NaN', '.nan', '1e999', -1, 0, 1e300, Number.NaN, '256 MB', '1t', 'dokcer', 'unset', '150%', [], {}, [[]], null, '*a', 'a: b'),
);

type Key = string | number;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const pathsOf = (value: unknown, at: Key[] = []): Key[][] => [
  at,
  ...(Array.isArray(value) ? value.flatMap((v, i) => pathsOf(v, [...at, i])) : isRecord(value) ? Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k])) : []),
];

/** `text` with the value at its `at`-th path replaced, or that key deleted. */
function mutateData(text: string, at: number, value: unknown, remove: boolean): string {
  const doc: unknown = parse(text);
  const paths = pathsOf(doc).slice(1);
  const chosen = paths[at % paths.length] as Key[];
  const parent = chosen.slice(0, -1).reduce<unknown>((node, k) => (node as Record<Key, unknown>)[k], doc) as Record<Key, unknown>;
  const key = chosen.at(-1) as Key;
  if (!remove) parent[key] = value;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return stringify(doc);
}

const SNIPPETS = ['\t', ': ', '- ', '*nope', '!!binary ', '[', '{', '"', '---\n', '&a ', '? '];

const mutant = fc.tuple(fc.nat(SEEDS.length - 1), fc.nat(), fc.nat(), weird, fc.integer({ min: 0, max: 4 }), fc.constantFrom(...SNIPPETS)).map(([seed, at, line, value, how, snippet]) => {
  const text = SEEDS[seed] as string;
  const lines = text.split('\n');
  const i = line % lines.length;
  switch (how) {
    case 0:
      return mutateData(text, at, value, false);
    case 1:
      return mutateData(text, at, value, true);
    case 2:
      return text.slice(0, at % (text.length + 1));
    case 3: {
      const offset = at % (text.length + 1);
      return text.slice(0, offset) + snippet + text.slice(offset);
    }
    default:
      lines[i] = at % 2 === 0 ? ` ${lines[i]}` : (lines[i] ?? '').replace(/^ {1,2}/, '\t');
      return lines.join('\n');
  }
});

/** The documents the property test found crashing the CLI (exit 70) before load.ts caught yaml's conversion errors. */
const quickstart = SEEDS[0] as string;
const CRASHED = [
  `${quickstart}extra: *missing\n`,
  `${quickstart}x: &x [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &y [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\nz: &z [*y, *y, *y, *y, *y, *y, *y, *y, *y, *y]\nw: [*z, *z]\n`,
  `%YAML 1.1\n---\n${quickstart}<<: [1, 2]\n`,
];

describe('gosweep run --dry-run on malformed matrices', () => {
  it(`exits 0, or 2 with located problems, never crashing (${MUTANTS} mutants and ${CRASHED.length} former crashes)`, async (t) => {
    const dir = tmpDir(t);
    const documents = [...fc.sample(mutant, { seed: SEED, numRuns: MUTANTS }), ...CRASHED];
    const files = documents.map((text, i) => writeFile(dir, `m${i}.yaml`, text));
    const results: Array<Awaited<ReturnType<typeof gosweep>>> = [];
    for (let i = 0; i < files.length; i += AT_ONCE) {
      results.push(...(await Promise.all(files.slice(i, i + AT_ONCE).map((file) => gosweep(['run', file, '--dry-run'], { env: NO_ENGINE })))));
    }

    const exits = { 0: 0, 2: 0 };
    results.forEach((r, i) => {
      const file = files[i] as string;
      const about = `${r.all}\n--- ${file}:\n${documents[i]}`;
      assert.ok(r.exitCode === 0 || r.exitCode === 2, `exit ${r.exitCode}: ${about}`);
      exits[r.exitCode]++;
      assert.doesNotMatch(r.stderr, /gosweep crashed|^\s+at .+:\d+:\d+\)?$/m, `a crash or a stack: ${about}`);
      if (r.exitCode === 0) return;
      // As main.ts's reportError prints them: each problem, then "  fix: …", then the count.
      const shown = path.relative(packageRoot, file);
      const count = Number(/^(\d+) problem\(s\); nothing was started\.$/m.exec(r.stderr)?.[1]);
      assert.ok(count > 0, `no problem count: ${about}`);
      const lines = r.stderr.split('\n');
      const headers = lines.flatMap((line, j) => (lines[j + 1]?.startsWith('  fix: ') ? [line] : []));
      assert.ok(headers.length >= count, `${count} problem(s), ${headers.length} with a fix: ${about}`);
      for (const header of headers) {
        const located = header.startsWith(`${shown}:`) && /^:(\d+):(\d+): /.exec(header.slice(shown.length));
        const whole = header.startsWith(`${shown}: cell `);
        assert.ok(whole || (located && Number(located[1]) >= 1 && Number(located[2]) >= 1), `not at ${shown}:<line>:<col>: ${header}\n${about}`);
      }
    });
    t.diagnostic(`${files.length} documents: ${exits[0]} exited 0, ${exits[2]} exited 2 with located problems`);
    assert.ok(exits[2] >= CRASHED.length, 'the former crashes are refused');
  });
});
