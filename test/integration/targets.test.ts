import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { ClaimResult } from '../../src/report/claims.ts';
import { readEnviron } from '../../src/targets/process/proc-stats.ts';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
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
      assert.ok(Number(row.create_ms_median) > 0, 'a container is created');
      assert.equal(row.spawn_ms_median, '');
      assert.ok(Number(row.cpu_usage_ms) > 0, 'the cgroup counts CPU time');
    }
    for (const row of on('process')) {
      assert.equal(row.create_ms_median, '', 'no container, no create');
      assert.ok(Number(row.spawn_ms_median) >= 0 && row.spawn_ms_median !== '');
      assert.ok(Number(row.package_init_ms_median) >= 0 && row.package_init_ms_median !== '', 'the workload\'s own timestamps split the start');
      assert.equal(row.cpu_periods, '', 'a bare process has no CFS periods: empty, not 0');
      assert.ok(Number(row.cpu_usage_ms) > 0, `cpu ${row.cpu_usage_ms}`);
      assert.ok(Number(row.memory_peak_bytes) > 1024 * 1024, `peak ${row.memory_peak_bytes}`);
      assert.equal(row.image_bytes, '');
      assert.equal(row.gomaxprocs, row.num_cpu, 'no quota: GOMAXPROCS is NumCPU');
    }
    const coldStarts = parse(fs.readFileSync(path.join(dir, 'cold-starts.csv')), { columns: true }) as Array<Record<string, string>>;
    assert.equal(coldStarts.length, 12);
    for (const s of coldStarts) {
      const parts = ['pull_ms', 'create_ms', 'spawn_ms', 'start_to_init_ms', 'package_init_ms', 'main_to_listen_ms', 'listen_to_ready_ms'].map((c) => Number(s[c] || 0));
      assert.ok(Math.abs(parts.reduce((a, b) => a + b, 0) - Number(s.total_ms)) < 1, `phases add up to the total: ${JSON.stringify(s)}`);
    }

    const report = await gosweep(['report', dir]);
    assert.equal(report.exitCode, 0, report.all);
    const [claim] = JSON.parse(fs.readFileSync(path.join(dir, 'claims.json'), 'utf8')) as ClaimResult[];
    assert.ok(claim && claim.measured !== null && claim.measured > 1, `docker/process cold start ${claim?.measured}`);
    assert.deepEqual(await managedContainers(), []);
    assert.deepEqual(sweepProcesses(), []);
  });
});
