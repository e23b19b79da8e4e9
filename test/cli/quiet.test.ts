import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { gosweep } from '../helpers/cli.ts';
import { CRASHING_SERVICE, processMatrix } from '../helpers/process-matrix.ts';
import { tmpDir } from '../helpers/tmp.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The one folder `parent` holds: what the verb made. */
const only = (parent: string) => {
  const entries = fs.readdirSync(parent).filter((e) => !e.endsWith('.yaml'));
  assert.equal(entries.length, 1, entries.join(', '));
  return path.join(parent, entries[0] as string);
};

describe('--quiet: errors, warnings and where the results are, only (#13)', () => {
  it('run prints no progress, no per-run line and no table: stdout is the results line', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', processMatrix(parent), '--results-dir', parent, '--quiet']);
    assert.equal(r.exitCode, 0, r.all);
    const dir = only(parent);
    assert.equal(r.stdout, `results: ${path.join(dir, 'results.csv')} (1 completed, 0 failed)`);
    assert.doesNotMatch(r.stderr, /\[1\/1\]|^built |ETA/m, 'no progress on stderr');
    assert.equal(r.stderr, '');
  });

  it('run still prints a failed run, on stderr, and exits 1', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', processMatrix(parent, { name: 'crashy', workload: CRASHING_SERVICE }), '--results-dir', parent, '-q']);
    assert.equal(r.exitCode, 1, r.all);
    assert.equal(r.stdout, `results: ${path.join(only(parent), 'results.csv')} (0 completed, 1 failed)`);
    assert.match(r.stderr, /^own target=process concurrency=2 #1 {2}FAILED in cold-start: the process exited with code 3 .*crash: missing configuration$/m);
    assert.doesNotMatch(r.stderr, /\[1\/1\]/);
  });

  it('knee prints the knee and where its steps are, not each step', async (t) => {
    const parent = tmpDir(t);
    const matrix = processMatrix(parent);
    const cell = /^hello-[0-9a-f]{8}/m.exec((await gosweep(['run', matrix, '--dry-run'])).stdout)?.[0];
    assert.ok(cell, 'the cell id from --dry-run');
    // One step: 50 rps, and 100 would be past --max-rps.
    const r = await gosweep(['knee', matrix, '--cell', cell, '--p99-ms', '1000', '--start-rps', '50', '--max-rps', '50', '--results-dir', parent, '--quiet']);
    assert.equal(r.exitCode, 0, r.all);
    const csv = path.join(only(parent), 'knee.csv');
    assert.equal(r.stdout, `knee: 50 rps (p99 <= 1000 ms)\nsteps: ${csv}`);
    assert.equal(r.stderr, '');
    assert.equal(fs.readFileSync(csv, 'utf8').trim().split('\n').length, 2, 'a header and the one step');
  });

  it('exec-start prints where its CSV is, not each binary', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['exec-start', processMatrix(parent), '--iterations', '1', '--results-dir', parent, '--quiet']);
    assert.equal(r.exitCode, 0, r.all);
    const csv = path.join(only(parent), 'exec-start.csv');
    assert.match(r.stdout, new RegExp(`^written: ${escape(csv)}$`));
    assert.equal(r.stderr, '');
    assert.match(fs.readFileSync(csv, 'utf8'), /^hello,\d+,1,/m, 'the binary was timed');
  });
});
