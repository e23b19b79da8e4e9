import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('stopping a sweep', { timeout: 240_000 }, () => {
  it('Ctrl-C leaves no container behind, and --resume finishes the rest', async (t) => {
    const parent = tmpDir(t);
    const matrix = fixture('matrices', 'interrupt.yaml');
    const child = gosweep(['run', matrix, '--results-dir', parent]);
    let output = '';
    child.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Interrupt while the second run's container is up.
    await until('the first run to finish', () => output.includes('[1/4]'));
    await until('the second run\'s container', async () => (await managedContainers()).length > 0);
    child.kill('SIGINT');
    const stopped = await child;
    assert.equal(stopped.exitCode, 130, stopped.all);
    assert.deepEqual(await managedContainers(), []);
    assert.match(stopped.all, /--resume/);

    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const before = readResultRows(dir);
    assert.ok(before.length >= 1 && before.length < 4, `${before.length} rows after the interrupt`);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')).stoppedEarly, 'interrupted');

    const resumed = await gosweep(['run', matrix, '--resume', dir]);
    assert.equal(resumed.exitCode, 0, resumed.all);
    const rows = readResultRows(dir);
    assert.deepEqual(rows.map((r) => r.run_id).sort(), [...new Set(rows.map((r) => r.run_id))].sort(), 'no run twice');
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.slice(0, before.length), before, 'earlier rows are kept as they were');
    assert.equal(new Set(rows.map((r) => r.sweep_id)).size, 1);
  });

  it('after kill -9, cleanup removes what the dead sweep left', async (t) => {
    const parent = tmpDir(t);
    const child = gosweep(['run', fixture('matrices', 'interrupt.yaml'), '--results-dir', parent]);
    await until('a container', async () => (await managedContainers()).length > 0);
    child.kill('SIGKILL');
    await child;
    assert.ok((await managedContainers()).length > 0, 'kill -9 leaves its container');
    const cleanup = await gosweep(['cleanup']);
    assert.equal(cleanup.exitCode, 0, cleanup.all);
    assert.match(cleanup.all, /removed \d+ container/);
    assert.deepEqual(await managedContainers(), []);
  });
});
