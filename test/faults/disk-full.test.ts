import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadMatrix, planRuns } from '../../src/matrix/index.ts';
import { folderState, onlyChild } from '../helpers/faults.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';

/** A filesystem of its own, 4 MiB, for a results folder; unmounted and removed when the test ends. */
function smallDisk(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
  t.after(() => {
    execFileSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes until the filesystem refuses: ENOSPC from here on. */
function fill(dir: string): string {
  const filler = path.join(dir, '.filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}

const canMount = process.getuid?.() === 0 ? false : 'mounting a small filesystem needs root';

describe('the disk fills while rows are written', { timeout: 300_000 }, () => {
  it('stops with an error naming the folder, keeps earlier rows readable, and --resume finishes once space is back', { skip: canMount }, async (t) => {
    const disk = smallDisk(t);
    const matrix = fixture('matrices', 'interrupt.yaml');
    const child = gosweep(['run', matrix, '--results-dir', disk, '--json']);
    let finished = 0;
    child.stdout?.on('data', (chunk: Buffer) => (finished += chunk.toString().split('\n').filter((l) => l.includes('"run-finished"')).length));
    while (finished === 0) await sleep(20);
    const filler = fill(disk);
    const stopped = await child;
    assert.equal(stopped.exitCode, 1, stopped.all);
    const dir = onlyChild(disk);
    assert.match(stopped.stderr, new RegExp(`cannot write ${dir}/[a-z-]+\\.(csv|jsonl): no space is left on the device \\(ENOSPC\\)`));
    assert.match(stopped.stderr, new RegExp(`fix: free space there \\(df -h ${dir}\\).*--resume ${dir}`));
    const before = folderState(dir);
    assert.ok(before.rows.length >= 1 && before.rows.length < 4, `${before.rows.length} rows when the disk filled`);
    assert.deepEqual(await managedContainers(), []);

    fs.rmSync(filler);
    const resumed = await gosweep(['run', matrix, '--resume', dir]);
    assert.equal(resumed.exitCode, 0, resumed.all);
    const after = folderState(dir);
    const planned = planRuns(loadMatrix(matrix)).runs.map((r) => r.runId).sort();
    assert.deepEqual([...after.runIds].sort(), planned);
    assert.deepEqual(after.rows.slice(0, before.rows.length), before.rows);
    assert.deepEqual([...after.coldStartRunIds].sort(), planned);
    assert.deepEqual([...after.histogramRunIds].sort(), planned);
    t.diagnostic(`disk full after ${before.rows.length} of ${planned.length} rows; after --resume ${after.rows.length}`);
  });
});
