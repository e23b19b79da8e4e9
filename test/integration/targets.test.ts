import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ClaimResult } from '../../src/report/claims.ts';
import { readEnviron } from '../../src/targets/process/proc-stats.ts';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { numberIn } from '../helpers/rows.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** Processes the process target started that still run. */
function sweepProcesses(): number[] {
  return fs
    .readdirSync('/proc')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && readEnviron(pid)?.has('GOSWEEP_SWEEP'));
}

describe('one matrix on two targets (docker and process)', { timeout: 180_000 }, () => {
  it('runs each cell where it says, with each target\'s own phases and facts, and leaves nothing', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'targets.yaml'), '--results-dir', parent]);
    assert.equal(r.exitCode, 0, r.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const rows = readResultRows(dir);
    const on = (target: string) => rows.filter((row) => row.param_target === target);
    assert.equal(on('docker').length, 3);
    assert.equal(on('process').length, 3);
    for (const row of rows) assert.equal(row.status, 'completed', JSON.stringify(row));
    for (const row of on('docker')) {
      assert.ok((row.create_ms_median ?? 0) > 0, 'a container is created');
      assert.equal(row.spawn_ms_median, null);
      assert.ok((row.cpu_usage_ms ?? 0) > 0, 'the cgroup counts CPU time');
    }
    for (const row of on('process')) {
      assert.equal(row.create_ms_median, null, 'no container, no create');
      assert.ok(typeof row.spawn_ms_median === 'number' && row.spawn_ms_median >= 0);
      assert.ok(typeof row.package_init_ms_median === 'number' && row.package_init_ms_median >= 0, 'the workload\'s own timestamps split the start');
      assert.equal(row.cpu_periods, null, 'a bare process has no CFS periods: empty, not 0');
      assert.ok((row.cpu_usage_ms ?? 0) > 0, `cpu ${row.cpu_usage_ms}`);
      assert.ok((row.memory_peak_bytes ?? 0) > 1024 * 1024, `peak ${row.memory_peak_bytes}`);
      assert.equal(row.image_bytes, null);
      assert.equal(row.gomaxprocs, row.num_cpu, 'no quota: GOMAXPROCS is NumCPU');
    }
    const coldStarts = readColdStartRows(dir);
    assert.equal(coldStarts.length, 12);
    for (const s of coldStarts) {
      const parts = ['pull_ms', 'create_ms', 'spawn_ms', 'start_to_init_ms', 'package_init_ms', 'main_to_listen_ms', 'listen_to_ready_ms'].map((c) => numberIn(s, c) ?? 0);
      assert.ok(Math.abs(parts.reduce((a, b) => a + b, 0) - (s.total_ms ?? 0)) < 1, `phases add up to the total: ${JSON.stringify(s)}`);
    }

    const report = await gosweep(['report', dir]);
    assert.equal(report.exitCode, 0, report.all);
    const [claim] = JSON.parse(fs.readFileSync(path.join(dir, 'claims.json'), 'utf8')) as ClaimResult[];
    assert.ok(claim && claim.measured !== null && claim.measured > 1, `docker/process cold start ${claim?.measured}`);
    assert.deepEqual(await managedContainers(), []);
    assert.deepEqual(sweepProcesses(), []);
  });
});
