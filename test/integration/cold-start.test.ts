import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('cold-start anatomy (claim C7)', { timeout: 120_000 }, () => {
  it('puts eager init in package init, and lazy init in the first request', async (t) => {
    const parent = tmpDir(t);
    const run = await gosweep(['run', fixture('matrices', 'init.yaml'), '--results-dir', parent]);
    assert.equal(run.exitCode, 0, run.all);
    const rows = readResultRows(path.join(parent, fs.readdirSync(parent)[0] as string));
    const mode = (m: string) => {
      const row = rows.find((r) => r.param_env_INIT_MODE === m);
      assert.ok(row, `no row for INIT_MODE=${m}`);
      return row;
    };
    const [eager, lazy] = [mode('eager'), mode('lazy')];
    // INIT_WAIT_MS=60: eager pays it while initialising, lazy on the first request.
    assert.ok((eager.package_init_ms_median ?? 0) >= 60, `eager package init ${eager.package_init_ms_median} ms`);
    assert.ok((lazy.package_init_ms_median ?? 0) < 5, `lazy package init ${lazy.package_init_ms_median} ms`);
    assert.ok((lazy.first_request_ms_median ?? 0) >= 60, `lazy first request ${lazy.first_request_ms_median} ms`);
    assert.ok((eager.first_request_ms_median ?? 0) < 30, `eager first request ${eager.first_request_ms_median} ms`);
    // The container start itself varies by about 12 ms (σ) here; over 7 cold starts a side, half the 60 ms gap is a margin it does not eat.
    const gapMs = (eager.cold_start_ms_median ?? 0) - (lazy.cold_start_ms_median ?? 0);
    assert.ok(gapMs > 30, `eager cold starts are slower: ${eager.cold_start_ms_median} vs ${lazy.cold_start_ms_median} ms`);
  });

  it('times the bare binary starting, without Docker (exec-start)', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['exec-start', fixture('matrices', 'init.yaml'), '--iterations', '5', '--results-dir', parent]);
    assert.equal(r.exitCode, 0, r.all);
    const csv = parse(fs.readFileSync(path.join(parent, fs.readdirSync(parent)[0] as string, 'exec-start.csv')), { columns: true }) as Array<Record<string, string>>;
    const eager = csv.find((c) => c.variant?.includes('INIT_MODE=eager'));
    const lazy = csv.find((c) => c.variant?.includes('INIT_MODE=lazy'));
    assert.ok(eager && lazy);
    assert.equal(eager.samples, '5');
    assert.ok(Number(eager.package_init_ms_median) >= 60 && Number(lazy.package_init_ms_median) < 5);
    assert.ok(Number(eager.exec_to_listen_ms_p50) > Number(lazy.exec_to_listen_ms_p50) + 40);
    assert.ok(Number(lazy.exec_to_init_ms_median) > 0, 'exec and Go runtime start take time');
  });
});
