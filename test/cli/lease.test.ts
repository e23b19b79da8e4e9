import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gosweep } from '../helpers/cli.ts';
import { processMatrix } from '../helpers/process-matrix.ts';
import { tmpDir } from '../helpers/tmp.ts';


describe('one sweep writes a results folder at a time', () => {
  it('refuses a second --resume of a sweep that is running, and gives the folder back when done', { timeout: 120_000 }, async (t) => {
    const dir = tmpDir(t);
    // Four short runs of the bare binary: a few seconds, no Docker.
    const matrix = processMatrix(dir, { name: 'lease', concurrency: [1, 2], run: { repetitions: 2 } });
    const out = path.join(dir, 'sweep');
    const first = gosweep(['run', matrix, '--out', out, '--quiet']);
    while (!fs.existsSync(path.join(out, 'meta.json'))) await sleep(20);
    const second = await gosweep(['run', matrix, '--resume', out]);
    assert.equal(second.exitCode, 2, second.all);
    assert.match(second.stderr, /gosweep \(pid \d+ on .+\) is writing this sweep\n\s+fix: let it finish, or stop it first/);
    const done = await first;
    assert.equal(done.exitCode, 0, done.all);
    assert.equal(fs.existsSync(path.join(out, 'lease.json')), false, 'the lease goes with the sweep');
  });
});
