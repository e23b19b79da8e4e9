import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runClosedLoop } from '../../../src/drive/closed-loop.ts';
import { freePort } from '../../../src/launch/free-port.ts';
import { startServer } from '../../helpers/http-server.ts';

const base = { warmupSeconds: 0.2, durationSeconds: 1, requestTimeoutMs: 1000 };

describe('runClosedLoop', () => {
  it('measures a fixed 20 ms delay within a tight bound', async (t) => {
    const url = await startServer(t, { delayMs: 20 });
    const r = await runClosedLoop({ ...base, url, concurrency: 4 });
    assert.ok(r.latency.p50Us >= 20_000 && r.latency.p50Us < 24_000, `p50 ${r.latency.p50Us} µs`);
    // Four connections, each ~20 ms a request: about 200 rps.
    assert.ok(r.rps > 150 && r.rps <= 200, `rps ${r.rps}`);
    assert.equal(r.successes, r.requests);
    assert.equal(r.latency.count, r.successes);
    assert.ok(r.driverCpuCores >= 0 && r.driverCpuCores < 0.8, `driver ${r.driverCpuCores}`);
    assert.equal(r.driverLimited, false);
    assert.ok(r.histogram.length > 10);
  });

  it('counts HTTP errors, never records them as latency', async (t) => {
    const url = await startServer(t, { delayMs: 1, status: 503 });
    const r = await runClosedLoop({ ...base, url, concurrency: 2 });
    assert.ok(r.requests > 0);
    assert.equal(r.errors.http, r.requests);
    assert.equal(r.successes, 0);
    assert.ok(Number.isNaN(r.latency.p99Us));
  });

  it('counts timeouts and refused connections by kind', async (t) => {
    const slow = await runClosedLoop({ ...base, url: await startServer(t, { delayMs: 600 }), concurrency: 2, requestTimeoutMs: 100 });
    assert.ok(slow.errors.timeout > 0, JSON.stringify(slow.errors));
    assert.equal(slow.successes, 0);
    const refused = await runClosedLoop({ ...base, url: `http://127.0.0.1:${await freePort()}/`, concurrency: 2 });
    assert.ok(refused.errors.connection > 0, JSON.stringify(refused.errors));
  });

  it('stops early when aborted', async (t) => {
    const url = await startServer(t, { delayMs: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    await runClosedLoop({ ...base, durationSeconds: 30, url, concurrency: 2, signal: controller.signal });
    assert.ok(performance.now() - started < 2000);
  });
});
