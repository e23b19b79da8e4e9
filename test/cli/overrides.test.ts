import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readResultRows } from '../../src/write/results-writer.ts';
import { gosweep } from '../helpers/cli.ts';
import { processMatrix } from '../helpers/process-matrix.ts';
import { tmpDir } from '../helpers/tmp.ts';

const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

describe('run: --runs, --duration, --warmup and --cold-starts over the matrix\'s run: settings (#13)', () => {
  it('--dry-run plans with them and says which came from the command line', async (t) => {
    const matrix = processMatrix(tmpDir(t), { run: { repetitions: 3, coldStarts: 1, warmupSeconds: 0, durationSeconds: 10 } });
    const plain = await gosweep(['run', matrix, '--dry-run'], { env: NO_ENGINE });
    assert.match(plain.stdout, /1 cells × 3 repetitions = 3 runs/);
    assert.doesNotMatch(plain.stdout, /from the command line/);

    const r = await gosweep(['run', matrix, '--dry-run', '--runs', '5', '--duration', '2.5', '--warmup', '0.5', '--cold-starts', '2'], { env: NO_ENGINE });
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /^matrix tiny: 1 cells × 5 repetitions = 5 runs \(seed \d+\)$/m);
    assert.match(r.stdout, /^each run: 2 cold starts, 0\.5 s warm-up, 2\.5 s measured; /m);
    assert.match(
      r.stdout,
      /^from the command line: --runs 5 \(the matrix's run\.repetitions: 3\), --duration 2\.5 \(the matrix's run\.durationSeconds: 10\), --warmup 0\.5 \(the matrix's run\.warmupSeconds: 0\), --cold-starts 2 \(the matrix's run\.coldStarts: 1\)$/m,
    );
  });

  it('takes the bounds the matrix has, and refuses a value outside them with exit 2', async (t) => {
    const matrix = processMatrix(tmpDir(t));
    const edges = await gosweep(['run', matrix, '--dry-run', '--runs', '1000', '--duration', '86400', '--warmup', '3600', '--cold-starts', '0'], { env: NO_ENGINE });
    assert.equal(edges.exitCode, 0, edges.all);
    const refused: Array<[string, string, RegExp]> = [
      ['--runs', '0', /run\.repetitions takes a whole number from 1 to 1000/],
      ['--runs', '1001', /run\.repetitions takes a whole number from 1 to 1000/],
      ['--runs', '1.5', /run\.repetitions takes a whole number/],
      ['--runs', 'many', /run\.repetitions takes a whole number/],
      ['--duration', '0', /run\.durationSeconds takes a number above 0, at most 86400/],
      ['--warmup', '-1', /run\.warmupSeconds takes a number from 0 to 3600/],
      ['--cold-starts', '1001', /run\.coldStarts takes a whole number from 0 to 1000/],
    ];
    for (const [flag, value, message] of refused) {
      const r = await gosweep(['run', matrix, '--dry-run', `${flag}=${value}`], { env: NO_ENGINE });
      assert.equal(r.exitCode, 2, `${flag} ${value}: ${r.all}`);
      assert.match(r.stderr, new RegExp(`option '${flag} <\\w+>' argument '${value.replace('.', '\\.')}' is invalid\\. ${message.source}`), `${flag} ${value}`);
    }
  });

  it('a sweep runs with them, records them in meta.json, and --resume finishes it with them', async (t) => {
    const parent = tmpDir(t);
    const matrix = processMatrix(parent, { run: { repetitions: 1, coldStarts: 1, warmupSeconds: 0, durationSeconds: 1 } });
    const out = path.join(parent, 'out');
    const r = await gosweep(['run', matrix, '--results-dir', out, '--runs', '2', '--duration', '0.5', '--cold-starts', '2']);
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /2 of 2 runs to go, .*; --runs 2 \(the matrix's run\.repetitions: 1\), --duration 0\.5 \(the matrix's run\.durationSeconds: 1\), --cold-starts 2 \(the matrix's run\.coldStarts: 1\) from the command line/);
    const dir = path.join(out, fs.readdirSync(out)[0] as string);
    const rows = readResultRows(dir);
    assert.deepEqual(rows.map((row) => row.repetition).sort(), [1, 2]);
    assert.deepEqual(rows.map((row) => row.cold_starts), [2, 2]);
    for (const row of rows) assert.ok(Math.abs((row.duration_s as number) - 0.5) < 0.2, `a window of about 0.5 s, not 1: ${row.duration_s}`);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { argv: string[]; runs: number };
    assert.equal(meta.runs, 2);
    assert.deepEqual(meta.argv.slice(-6), ['--runs', '2', '--duration', '0.5', '--cold-starts', '2']);

    // As if the sweep had stopped after its first run: --resume, without the overrides, runs the second with them.
    const csv = path.join(dir, 'results.csv');
    const [header, first] = fs.readFileSync(csv, 'utf8').split('\n');
    fs.writeFileSync(csv, `${header}\n${first}\n`);
    const resumed = await gosweep(['run', matrix, '--resume', dir]);
    assert.equal(resumed.exitCode, 0, resumed.all);
    assert.match(resumed.stdout, /^resuming tiny-\d{8}-\d{6}: 1 of 2 runs to go, .*--runs 2 .* from the command line$/m);
    const after = readResultRows(dir);
    assert.deepEqual(after.map((row) => row.repetition).sort(), [1, 2]);
    assert.deepEqual(after.map((row) => row.cold_starts), [2, 2], 'the resumed run took --cold-starts 2 too');

    // The same overrides again are fine; others are refused, naming the fix.
    const same = await gosweep(['run', matrix, '--resume', dir, '--runs', '2']);
    assert.equal(same.exitCode, 0, same.all);
    assert.match(same.stdout, /0 of 2 runs to go/);
    const other = await gosweep(['run', matrix, '--resume', dir, '--runs', '3', '--warmup', '1']);
    assert.equal(other.exitCode, 2, other.all);
    assert.match(other.stderr, new RegExp(`^--runs: --runs 3 differs from the sweep in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, which began with --runs 2\\n  fix: drop --runs: --resume finishes a sweep with the settings it began with`, 'm'));
    assert.match(other.stderr, /^--warmup: --warmup 1 differs from the sweep in .*, which began without --warmup \(the matrix's run\.warmupSeconds\)\n  fix: drop --warmup/m);
    assert.match(other.stderr, /2 problem\(s\); nothing was started/);
    assert.equal(readResultRows(dir).length, 2, 'nothing ran');
  });
});
