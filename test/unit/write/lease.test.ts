import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LEASE_FILE, takeLease } from '../../../src/write/lease.ts';
import { tmpDir } from '../../helpers/tmp.ts';

const hold = (dir: string, host: string, pid: number) => fs.writeFileSync(path.join(dir, LEASE_FILE), JSON.stringify({ host, pid }));
const refused = /gosweep \(pid \d+ on .+\) is writing this sweep/;

describe('takeLease: one sweep writes a results folder at a time', () => {
  it('takes a free folder, and gives it back', async (t) => {
    const dir = tmpDir(t);
    const release = await takeLease(dir);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, LEASE_FILE), 'utf8')), { host: os.hostname(), pid: process.pid });
    release();
    assert.equal(fs.existsSync(path.join(dir, LEASE_FILE)), false);
  });

  it('refuses a folder a live gosweep on this machine holds', async (t) => {
    const dir = tmpDir(t);
    hold(dir, os.hostname(), process.ppid);
    await assert.rejects(takeLease(dir), refused);
  });

  it('takes a folder whose holder here is gone (kill -9)', async (t) => {
    const dir = tmpDir(t);
    hold(dir, os.hostname(), spawnSync('true').pid as number);
    (await takeLease(dir))();
  });

  it('waits for another machine\'s lease to go stale, then takes it', async (t) => {
    const dir = tmpDir(t);
    hold(dir, 'the-replaced-pod', 1);
    const startedAt = Date.now();
    (await takeLease(dir, { staleMs: 400 }))();
    assert.ok(Date.now() - startedAt >= 300, `took it after ${Date.now() - startedAt} ms`);
  });

  it('refuses another machine\'s lease that is still renewed', async (t) => {
    const dir = tmpDir(t);
    hold(dir, 'a-live-pod', 1);
    const renew = setInterval(() => fs.utimesSync(path.join(dir, LEASE_FILE), new Date(), new Date()), 50);
    try {
      await assert.rejects(takeLease(dir, { staleMs: 400, waitMs: 700 }), refused);
    } finally {
      clearInterval(renew);
    }
  });
});
