import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { requestsAfterIdle } from '../../src/drive/after-idle.ts';
import { HERE } from '../../src/drive/here.ts';
import type { RequestSpec } from '../../src/types.ts';

const GET: RequestSpec = { method: 'GET', path: '/', headers: {}, body: null, weight: 1 };

/** A server whose process "starts" at a given wall time, and answers 500 to every third request. */
async function server(startWallMs: () => number): Promise<{ url: string; close: () => void }> {
  let n = 0;
  const s = http.createServer((_req, res) => {
    n += 1;
    res.writeHead(n % 3 === 0 ? 500 : 200, { 'X-Gosweep-Start-Unix-Nano': String(Math.round(startWallMs() * 1e6)) }).end('ok');
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`, close: () => s.close() };
}

describe('requests after an idle gap', () => {
  it('waits the gap before each, times the answered ones, and counts failures', async () => {
    const started = Date.now() - 60_000;
    const { url, close } = await server(() => started);
    const t0 = performance.now();
    const r = await requestsAfterIdle(url, { via: HERE, gapSeconds: 0.05, count: 4, ask: GET, headers: async () => ({}), timeoutMs: 2000, signal: new AbortController().signal });
    close();
    assert.ok(performance.now() - t0 >= 200, 'four gaps of 50 ms');
    assert.equal(r?.samplesMs.length, 3);
    assert.equal(r?.failed, 1);
    assert.equal(r?.cold, 0, 'a process that started before the request is warm');
  });

  it('counts an answer from a process that started after the request was sent as cold', async () => {
    const { url, close } = await server(() => Date.now());
    const r = await requestsAfterIdle(url, { via: HERE, gapSeconds: 0.01, count: 2, ask: GET, headers: async () => ({}), timeoutMs: 2000, signal: new AbortController().signal });
    close();
    assert.equal(r?.cold, 2);
  });

  it('returns null when interrupted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const r = await requestsAfterIdle('http://127.0.0.1:1/', { via: HERE, gapSeconds: 5, count: 3, ask: GET, headers: async () => ({}), timeoutMs: 1000, signal: controller.signal });
    assert.equal(r, null);
  });
});
