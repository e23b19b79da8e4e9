import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { numberIn } from '../helpers/rows.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('cloudrun-local: the Go proxy and the control loop on Docker', { timeout: 300_000 }, () => {
  it('scales from zero with verified cold starts, out to maxInstances under load, queues the rest, and leaves nothing', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'cloudrun-local.yaml'), '--results-dir', parent]);
    assert.equal(r.exitCode, 0, r.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const [row] = readResultRows(dir);
    assert.equal(row?.status, 'completed', JSON.stringify(row));
    const coldStarts = readColdStartRows(dir);
    assert.equal(coldStarts.length, 2);
    for (const s of coldStarts) {
      assert.equal(s.verified, true, 'the process that answered started after the request was sent');
      const waitMs = numberIn(s, 'instance_wait_ms') ?? 0;
      assert.ok(waitMs > 0 && waitMs < (s.total_ms ?? 0), JSON.stringify(s));
    }
    // Four connections, one request an instance, at most three instances: three start, and requests queue.
    assert.equal(row?.instances_max, 3, `instances ${row?.instances_max}`);
    assert.equal(row?.instances_seen, 3);
    assert.ok((row?.queue_wait_p99_ms ?? 0) > 1, `queue wait p99 ${row?.queue_wait_p99_ms}`);
    assert.equal(row?.errors_http, 0);
    assert.equal(row?.cgroup_cpu_quota, 0.5, 'the instance reads its own quota');
    assert.ok((row?.proxy_cpu_cores ?? 0) >= 0);
    assert.deepEqual(await managedContainers(), []);
  });

  it('records a service whose instance exits at start as a failed cold start, with its log tail, and leaves nothing', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'cloudrun-crash.yaml'), '--results-dir', parent]);
    assert.equal(r.exitCode, 1, r.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const [row] = readResultRows(dir);
    assert.equal(row?.status, 'failed');
    assert.equal(row?.error_stage, 'cold-start');
    assert.match(row?.error_message ?? '', /answered 429 at its cold start/);
    assert.match(row?.error_message ?? '', /crash: missing configuration/, 'the log tail holds what the instance printed');
    assert.deepEqual(await managedContainers(), []);
  });
});

describe('cloudrun-local after idle', { timeout: 300_000 }, () => {
  it('scales back to zero, keeps minInstances warm, and stops background work between requests only with request-based CPU', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'cloudrun-idle.yaml'), '--results-dir', parent]);
    assert.equal(r.exitCode, 0, r.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const rows = readResultRows(dir);
    const cell = (cpu: string, min: number) => {
      const row = rows.find((r) => r.param_cloudrun_cpu === cpu && r.param_cloudrun_minInstances === min);
      assert.ok(row, `no row for cloudrun.cpu=${cpu} cloudrun.minInstances=${min}`);
      return row;
    };
    const [toZero, warmRequest, warmInstance] = [cell('request', 0), cell('request', 1), cell('instance', 1)];
    for (const row of rows) {
      assert.equal(row.status, 'completed', JSON.stringify(row));
      assert.equal(row.after_idle_failed, 0);
      assert.ok((row.cost_usd_per_1m ?? 0) > (row.param_cloudrun_cpu === 'request' ? 0.4 : 0), `cost ${row.cost_usd_per_1m}: request-based billing's request fee alone is $0.40 per million`);
    }
    assert.equal(toZero.after_idle_cold, 2, 'each request after 2 s found the service scaled to zero (1 s idle window)');
    assert.equal(warmRequest.after_idle_cold, 0, 'minInstances 1 keeps an instance');
    assert.equal(warmInstance.after_idle_cold, 0);
    assert.ok((warmRequest.ticks_completed_ratio ?? 0) < 0.7, `ticks with request-based CPU: ${warmRequest.ticks_completed_ratio}`);
    assert.ok((warmInstance.ticks_completed_ratio ?? 0) > 0.9, `ticks with instance-based CPU: ${warmInstance.ticks_completed_ratio}`);
    assert.equal(warmRequest.min_instances_usd_per_hour, 0.0135, '1 vCPU and 0.5 GiB at the idle rate');
    assert.equal(warmInstance.min_instances_usd_per_hour, 0.0684, '1 vCPU and 0.5 GiB at the instance-based rate');
    assert.equal(toZero.min_instances_usd_per_hour, 0);
    assert.deepEqual(await managedContainers(), []);
  });
});

describe('cloudrun: real Cloud Run', () => {
  const place = process.env.GOOGLE_CLOUD_PROJECT && process.env.GOSWEEP_CLOUDRUN_REGION;
  const credentials = process.env.GOOGLE_APPLICATION_CREDENTIALS || fs.existsSync(path.join(process.env.HOME ?? '', '.config/gcloud/application_default_credentials.json'));
  const why = !place ? 'GOOGLE_CLOUD_PROJECT and GOSWEEP_CLOUDRUN_REGION are not set' : !credentials ? 'no Google credentials (GOOGLE_APPLICATION_CREDENTIALS or gcloud application-default login)' : null;
  it('runs the same matrix on Cloud Run', { skip: why ? `live test skipped: ${why}` : false, timeout: 900_000 }, async (t) => {
    const parent = tmpDir(t);
    const matrix = path.join(parent, 'cloudrun.yaml');
    fs.writeFileSync(matrix, fs.readFileSync(fixture('matrices', 'cloudrun-local.yaml'), 'utf8').replace('target: [cloudrun-local]', 'target: [cloudrun]').replace(/^name: .*$/m, 'name: cloudrun-live'));
    const r = await gosweep(['run', matrix, '--results-dir', path.join(parent, 'out')]);
    assert.equal(r.exitCode, 0, r.all);
  });
});
