import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coldStartPhases, wallMs } from '../../src/collect/cold-start-phases.ts';

describe('coldStartPhases', () => {
  it('splits the span from create to ready at the workload\'s timestamps, adding up exactly', () => {
    const createdAt = 1000; // performance.now() values
    const readyAt = 1123.456;
    const ns = (perf: number) => Math.round(wallMs(perf) * 1e6);
    const ts = { startUnixNano: ns(1080), mainUnixNano: ns(1090.5), listeningUnixNano: ns(1091) };
    const p = coldStartPhases(createdAt, readyAt, ts);
    assert.ok(Math.abs(p.start_to_init - 80) < 0.01, String(p.start_to_init));
    assert.ok(Math.abs(p.package_init - 10.5) < 0.01);
    assert.ok(Math.abs(p.main_to_listen - 0.5) < 0.01);
    assert.ok(Math.abs(p.listen_to_ready - 32.456) < 0.01);
    const sum = p.start_to_init + p.package_init + p.main_to_listen + p.listen_to_ready;
    assert.ok(Math.abs(sum - (readyAt - createdAt)) < 0.001);
  });
});
