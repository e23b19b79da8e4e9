import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildTool } from '../../src/build/tools.ts';
import { HereVantage } from '../../src/drive/here.ts';
import { runLoad, type LoadOptions } from '../../src/drive/loadgen.ts';
import { isSenderBehind } from '../../src/summarize/run-flags.ts';
import { freePort } from '../../src/targets/free-port.ts';
import { startServer } from '../helpers/http-server.ts';

let loadgen = '';
const load = (opts: Omit<LoadOptions, 'via'>) => runLoad({ via: new HereVantage(loadgen), ...opts });
const short = { warmupSeconds: 0.2, durationSeconds: 1, requestTimeoutMs: 1000, rps: null };

describe('the Go load generator, driven from TypeScript', { timeout: 120_000 }, () => {
  before(async () => {
    loadgen = await buildTool('loadgen');
  });

  it('closed loop: measures a fixed 20 ms delay within a tight bound', async (t) => {
    const url = await startServer(t, { delayMs: 20 });
    const r = await load({ ...short, url, connections: 4 });
    assert.equal(r.model, 'closed');
    assert.ok(r.latency.p50Us >= 20_000 && r.latency.p50Us < 23_000, `p50 ${r.latency.p50Us} µs`);
    // Four connections, each ~20 ms a request: about 200 rps.
    assert.ok(r.rps > 150 && r.rps <= 200, `rps ${r.rps}`);
    assert.equal(r.successes, r.requests);
    assert.equal(r.latency.count, r.successes);
    assert.ok(r.driverCpuCores > 0 && r.driverCpuCores < 0.5, `driver ${r.driverCpuCores}`);
    assert.ok(r.driverMaxCores >= 1);
    assert.ok(r.hostCpuBusy !== null && r.hostCpuBusy >= 0 && r.hostCpuBusy <= 1);
  });

  it('open loop: keeps its schedule and measures a fixed delay from the intended send time', async (t) => {
    const url = await startServer(t, { delayMs: 20 });
    const r = await load({ ...short, durationSeconds: 1.5, url, connections: 16, rps: 200 });
    assert.equal(r.model, 'open');
    assert.ok(r.latency.p50Us >= 20_000 && r.latency.p50Us < 23_000, `p50 ${r.latency.p50Us} µs`);
    assert.ok(r.schedule);
    assert.ok(Math.abs(r.schedule.sentRps - 200) <= 2, `sent ${r.schedule.sentRps} rps`);
    assert.equal(isSenderBehind(r.schedule), false);
    assert.equal(r.requests, 300);
    assert.equal(r.successes, 300);
  });

  it('shows a 1 s stall in p99 where closed loop hides it (coordinated omission)', async (t) => {
    const stall = { delayMs: 2, stallAfterMs: 600, stallMs: 1000 };
    const window = { warmupSeconds: 0.2, durationSeconds: 3, requestTimeoutMs: 5000 };
    const open = await load({ ...window, url: await startServer(t, stall), connections: 64, rps: 200 });
    const closed = await load({ ...window, url: await startServer(t, stall), connections: 4, rps: null });
    // Open loop: a third of the window's requests were due during the stall and waited for it.
    assert.ok(open.latency.p99Us > 800_000, `open p99 ${open.latency.p99Us} µs`);
    assert.ok(open.latency.p999Us > 900_000, `open p99.9 ${open.latency.p999Us} µs`);
    assert.ok(open.latency.p50Us < 100_000, `open p50 ${open.latency.p50Us} µs`);
    // Closed loop: four connections waited once each; thousands of fast requests bury them.
    assert.ok(closed.latency.p99Us < 50_000, `closed p99 ${closed.latency.p99Us} µs`);
    assert.ok(closed.latency.maxUs > 800_000, 'the stall is only in the max');
    assert.ok(open.latency.p99Us > 20 * closed.latency.p99Us);
  });

  it('counts HTTP errors, timeouts and refused connections by kind, never as latency', async (t) => {
    const http = await load({ ...short, url: await startServer(t, { delayMs: 1, status: 503 }), connections: 2 });
    assert.ok(http.requests > 0);
    assert.equal(http.errors.http, http.requests);
    assert.equal(http.successes, 0);
    assert.ok(Number.isNaN(http.latency.p99Us));
    const slow = await load({ ...short, url: await startServer(t, { delayMs: 600 }), connections: 2, requestTimeoutMs: 100 });
    assert.ok(slow.errors.timeout > 0, JSON.stringify(slow.errors));
    assert.equal(slow.successes, 0);
    const refused = await load({ ...short, url: `http://127.0.0.1:${await freePort()}/`, connections: 2 });
    assert.ok(refused.errors.connection > 0, JSON.stringify(refused.errors));
  });

  it('says when an open-loop sender falls behind its schedule', async (t) => {
    const url = await startServer(t, { delayMs: 50 });
    // Two connections at 50 ms a request carry 40 rps, not 100: the rest queue, and latency grows.
    const r = await load({ ...short, url, connections: 2, rps: 100, requestTimeoutMs: 60_000 });
    assert.ok(r.latency.p99Us > 500_000, `p99 ${r.latency.p99Us}`);
    assert.equal(r.schedule?.sentRps, 100, 'every request of the schedule went out, each in turn');
    assert.ok(r.schedule);
    assert.equal(isSenderBehind(r.schedule), true, `requests left late, queued behind busy connections: send lag p99 ${r.schedule?.sendLagP99Us} µs`);
  });

  it('stops when aborted', async (t) => {
    const url = await startServer(t, { delayMs: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const started = performance.now();
    await assert.rejects(load({ ...short, durationSeconds: 30, url, connections: 2, signal: controller.signal }));
    assert.ok(performance.now() - started < 3000);
  });
});
