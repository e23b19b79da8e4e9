import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EXIT_CODES } from '../../src/commands/exit-codes.ts';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep } from '../helpers/cli.ts';
import { processMatrix } from '../helpers/process-matrix.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';

describe('exit codes (#13)', () => {
  it('--help lists every exit code and when it happens', async () => {
    const r = await gosweep(['--help']);
    assert.equal(r.exitCode, 0, r.all);
    assert.deepEqual(EXIT_CODES.map((c) => c.code), [0, 1, 2, 3, 70, 130]);
    for (const { code, when } of EXIT_CODES) assert.ok(r.stdout.includes(`${String(code).padStart(3)}  ${when}`), `exit ${code}`);
  });

  it('70 when gosweep crashes: the stack on stderr, not a usage error', async (t) => {
    // A meta.json of the wrong shape is nothing gosweep checks for: reading it throws a TypeError.
    const dir = tmpDir(t);
    fs.copyFileSync(path.join(fixture('compare', 'six-runs'), 'results.csv'), path.join(dir, 'results.csv'));
    writeFile(dir, 'meta.json', '{}');
    const r = await gosweep(['export', dir, '--format', 'markdown']);
    assert.equal(r.exitCode, 70, r.all);
    assert.match(r.stderr, /^gosweep crashed \(a bug in gosweep; please report it with this output\):\nTypeError: /);
    assert.match(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'with its stack');
    assert.doesNotMatch(r.stderr, /problem\(s\)/);
    assert.equal(r.stdout, '');
  });

  it('130 when Ctrl-C stops a run, which says how to finish; --resume does', async (t) => {
    const parent = tmpDir(t);
    const matrix = processMatrix(parent, { run: { repetitions: 2, coldStarts: 1, warmupSeconds: 0, durationSeconds: 3 } });
    const out = path.join(parent, 'out');
    const child = gosweep(['run', matrix, '--results-dir', out]);
    let stderr = '';
    // The first run is under way once the binary is built: stop it in its window.
    const started = new Promise<void>((resolve) =>
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/^built hello/m.test(stderr)) resolve();
      }),
    );
    await Promise.race([started, child]);
    child.kill('SIGINT');
    const r = await child;
    assert.equal(r.exitCode, 130, r.all);
    const dir = path.join(out, fs.readdirSync(out)[0] as string);
    assert.match(r.stderr, new RegExp(`^interrupted; finish with: gosweep run ${matrix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} --resume ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')).stoppedEarly, 'interrupted');
    assert.ok(readResultRows(dir).length < 2, 'stopped before the last run');

    const resumed = await gosweep(['run', matrix, '--resume', dir]);
    assert.equal(resumed.exitCode, 0, resumed.all);
    assert.equal(readResultRows(dir).length, 2);
  });
});
