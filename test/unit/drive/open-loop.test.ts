import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runClosedLoop } from '../../../src/drive/closed-loop.ts';
import { runOpenLoop } from '../../../src/drive/open-loop.ts';
import { startServer } from '../../helpers/http-server.ts';

describe('runOpenLoop', () => {
  it('keeps its schedule and measures a fixed 20 ms delay within a tight bound', async (t) => {
    const url = await startServer(t, { delayMs: 20 });
    const r = await runOpenLoop({ url, rps: 200, maxConnections: 16, warmupSeconds: 0.2, durationSeconds: 1.5, requestTimeoutMs: 1000 });
    assert.equal(r.model, 'open');
    assert.ok(r.latency.p50Us >= 20_000 && r.latency.p50Us < 24_000, `p50 ${r.latency.p50Us} µs`);
    assert.ok(r.schedule);
    assert.equal(r.schedule.targetRps, 200);
    assert.ok(Math.abs(r.schedule.sentRps - 200) <= 2, `sent ${r.schedule.sentRps} rps`);
    assert.equal(r.schedule.senderBehind, false);
    assert.equal(r.requests, 300);
    assert.equal(r.successes, 300);
  });

  it('shows a 1 s stall in p99 where closed loop hides it (coordinated omission)', async (t) => {
    const stall = { delayMs: 2, stallAfterMs: 600, stallMs: 1000 };
    const window = { warmupSeconds: 0.2, durationSeconds: 3, requestTimeoutMs: 5000 };
    const open = await runOpenLoop({ ...window, url: await startServer(t, stall), rps: 200, maxConnections: 64 });
    const closed = await runClosedLoop({ ...window, url: await startServer(t, stall), concurrency: 4 });

    // Open loop: a third of the window's requests were due during the stall and waited for it.
    assert.ok(open.latency.p99Us > 800_000, `open p99 ${open.latency.p99Us} µs`);
    assert.ok(open.latency.p999Us > 900_000, `open p99.9 ${open.latency.p999Us} µs`);
    assert.ok(open.latency.p50Us < 100_000, `open p50 ${open.latency.p50Us} µs`);
    // Closed loop: four connections waited once each; thousands of fast requests bury them.
    assert.ok(closed.latency.p99Us < 50_000, `closed p99 ${closed.latency.p99Us} µs`);
    assert.ok(closed.latency.maxUs > 800_000, 'the stall is only in the max');
    assert.ok(open.latency.p99Us > 20 * closed.latency.p99Us);
  });

  it('says when the sender falls behind its schedule', async (t) => {
    const url = await startServer(t, { delayMs: 0 });
    // One connection at 1 ms a request cannot carry 50,000 requests a second.
    const r = await runOpenLoop({ url, rps: 50_000, maxConnections: 1, warmupSeconds: 0, durationSeconds: 0.5, requestTimeoutMs: 60_000 });
    assert.equal(r.schedule?.senderBehind, true);
  });
});
