import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { dockerdProcess, folderState, onlyChild, restartDockerd } from '../helpers/faults.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

const dockerd = dockerdProcess();

describe('the Docker engine restarted mid-cell', { timeout: 300_000 }, () => {
  it('fails the run in flight with the reason, waits for the engine, and runs the rest', { skip: typeof dockerd === 'string' ? dockerd : false }, async (t) => {
    const parent = tmpDir(t);
    const child = gosweep(['run', fixture('matrices', 'engine-restart.yaml'), '--results-dir', parent, '--json']);
    let started = 0;
    let restartedIn: string | null = null;
    let exited = false;
    void child.finally(() => (exited = true));
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.startsWith('{'))) {
        const e = JSON.parse(line) as { event: string; runId?: string };
        if (e.event === 'run-started' && ++started === 2) restartedIn = e.runId ?? null;
      }
    });
    while (restartedIn === null) {
      if (exited) assert.fail(`the sweep ended before its second run:\n${(await child).all}`);
      await sleep(20);
    }
    // Into the second run's window: its container is up, and the window lasts 3 s.
    while ((await managedContainers()).length === 0) await sleep(20);
    await sleep(800);
    const downMs = await restartDockerd(dockerd as { pid: number; argv: string[] });
    const done = await child;
    assert.equal(done.exitCode, 1, done.all);
    const { rows } = folderState(onlyChild(parent));
    assert.equal(rows.length, 4, 'the sweep went on after the engine came back');
    const failed = rows.filter((r) => r.status === 'failed');
    assert.deepEqual(failed.map((r) => r.run_id), [restartedIn], 'only the run in flight failed');
    assert.match(String(failed[0]?.error_message), /docker went away during this run, and answered again \d+\.\d s later/);
    assert.ok(rows.filter((r) => r.status === 'completed').length === 3);
    assert.deepEqual(await managedContainers(), []);
    t.diagnostic(`engine down ${(downMs / 1000).toFixed(1)} s; failed: ${failed[0]?.error_message}`);
  });
});
