import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { numberIn } from '../helpers/rows.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** Values no file of a results folder may hold: they stand for real credentials. */
const CANARIES = {
  AWS_ACCESS_KEY_ID: 'AKIACANARY7QX2M4ZB9L',
  AWS_SECRET_ACCESS_KEY: 'canary-secret-9f8e7d6c5b4a',
  AWS_SESSION_TOKEN: 'canary-session-token-1a2b3c',
  GOSWEEP_LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/canary-role',
};

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('lambda-local: the lambda code path, through the real SDK, against the emulator', { timeout: 300_000 }, () => {
  it('deploys, forces verified cold starts with a real Init Duration, couples CPU to memory, and leaves nothing', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'lambda-local.yaml'), '--results-dir', parent], { env: CANARIES });
    assert.equal(r.exitCode, 0, r.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const rows = readResultRows(dir);
    assert.equal(rows.length, 2);
    const tier = (mb: number) => {
      const row = rows.find((r) => r.param_lambda_memory === mb);
      assert.ok(row, `no row for lambda.memory=${mb}`);
      return row;
    };
    for (const row of rows) {
      assert.equal(row.status, 'completed', JSON.stringify(row));
      assert.ok((row.init_ms_median ?? 0) > 0, `Init Duration measured: ${row.init_ms_median}`);
      assert.equal(row.cold_starts_unverified, 0);
      assert.equal(row.errors_http, 0, 'one connection keeps to one warm environment');
      assert.equal(row.cold_starts_in_window, 0);
      assert.equal(row.instances_seen, 1);
      assert.ok((row.server_duration_p50_ms ?? 0) > 0);
      assert.ok((row.cost_usd_per_1m ?? 0) > 0.2, 'the request fee alone is $0.20 per million');
      assert.equal(row.num_cpu, 2, 'NumCPU sees the host, whatever the tier');
    }
    assert.equal(tier(128).cpu_limit_cores, 0.072);
    assert.equal(tier(128).cgroup_cpu_quota, 0.072, 'the runtime reads the coupled quota');
    assert.ok((tier(128).cpu_throttled_ms ?? 0) > (tier(1769).cpu_throttled_ms ?? 0), 'the small tier is throttled');
    assert.ok((tier(128).server_duration_p50_ms ?? 0) > 3 * (tier(1769).server_duration_p50_ms ?? 0), `CPU-bound work is slower at 0.07 vCPU: ${tier(128).server_duration_p50_ms} vs ${tier(1769).server_duration_p50_ms} ms`);

    const coldStarts = readColdStartRows(dir);
    assert.equal(coldStarts.length, 4);
    for (const s of coldStarts) {
      assert.equal(s.verified, true);
      const [initMs, handlerMs, billedMs] = [numberIn(s, 'init_ms') ?? 0, numberIn(s, 'handler_ms') ?? 0, numberIn(s, 'billed_duration_ms') ?? 0];
      assert.ok(initMs > 0 && handlerMs > 0 && billedMs >= initMs, JSON.stringify(s));
    }
    for (const file of filesUnder(dir)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [name, value] of Object.entries(CANARIES)) assert.ok(!text.includes(value), `${name} leaked into ${file}`);
    }
    assert.deepEqual(await managedContainers(), [], 'no environment left');
  });

  it('records a function that dies at init as a failed cold start, with its log tail', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'lambda-crash.yaml'), '--results-dir', parent]);
    assert.equal(r.exitCode, 1, r.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const [row] = readResultRows(dir);
    assert.equal(row?.status, 'failed');
    assert.equal(row?.error_stage, 'cold-start');
    assert.match(row?.error_message ?? '', /Runtime\.ExitError/);
    assert.match(row?.error_message ?? '', /crash: missing configuration/, 'the log tail holds what the function printed');
    assert.deepEqual(await managedContainers(), []);
  });
});

describe('lambda-local: what it cannot run, and warm capacity', { timeout: 300_000 }, () => {
  it('skips arm64 on an x86 host with the reason, and records starts on provisioned environments as not cold', async (t) => {
    if (process.arch !== 'x64') return t.skip('the arm64 skip is for x86 hosts');
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'lambda-variants.yaml'), '--results-dir', parent]);
    assert.equal(r.exitCode, 0, r.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const rows = readResultRows(dir);
    const arm = rows.find((row) => row.param_lambda_arch === 'arm64');
    assert.equal(arm?.status, 'skipped');
    assert.match(arm?.error_message ?? '', /lambda\.arch arm64 cannot run on this x86_64 host/);
    const onDemand = rows.find((row) => row.param_lambda_arch === 'x86_64' && row.param_lambda_provisioned === 0);
    const provisioned = rows.find((row) => row.param_lambda_provisioned === 1);
    assert.equal(onDemand?.cold_starts_unverified, 0);
    assert.ok((onDemand?.init_ms_median ?? 0) > 0);
    assert.equal(provisioned?.status, 'completed', JSON.stringify(provisioned));
    assert.equal(provisioned?.cold_starts_unverified, 2, 'an initialised environment reports no Init Duration: not a cold start');
    assert.equal(provisioned?.cold_start_ms_median, null, 'and no cold-start figure is made from it');
    assert.deepEqual(await managedContainers(), []);
  });
});

describe('lambda: real AWS', () => {
  const role = process.env.GOSWEEP_LAMBDA_ROLE_ARN;
  const credentials = process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE;
  const why = !role ? 'GOSWEEP_LAMBDA_ROLE_ARN is not set' : !credentials ? 'no AWS credentials (AWS_ACCESS_KEY_ID or AWS_PROFILE)' : null;
  it('runs the same matrix on AWS Lambda', { skip: why ? `live test skipped: ${why}` : false, timeout: 600_000 }, async (t) => {
    const parent = tmpDir(t);
    const matrix = path.join(parent, 'lambda.yaml');
    fs.writeFileSync(matrix, fs.readFileSync(fixture('matrices', 'lambda-local.yaml'), 'utf8').replace('target: [lambda-local]', 'target: [lambda]').replace(/^name: .*$/m, 'name: lambda-live'));
    const r = await gosweep(['run', matrix, '--results-dir', path.join(parent, 'out')]);
    assert.equal(r.exitCode, 0, r.all);
  });
});
