import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeRun } from '../../../src/summarize/run-flags.ts';
import type { Cell, LoadResult, PlatformFacts } from '../../../src/types.ts';
import { cells, completedOutcome } from '../../helpers/outcomes.ts';

const base = completedOutcome(cells[0] as Cell, 1);
assert.ok(base.state === 'completed');
const judge = (load: Partial<LoadResult>, platform: Partial<PlatformFacts> = {}, cell: Partial<Cell> = {}) =>
  judgeRun({ cell: { ...(cells[0] as Cell), ...cell }, load: { ...base.load, ...load }, platform: { ...base.platform, ...platform }, runtime: base.runtime, hostCpus: 2 });

describe('judgeRun', () => {
  it('flags nothing on a quiet run, and says nothing', () => {
    assert.deepEqual(judge({}), { driverLimited: false, memoryStalled: false, senderBehind: null, reasons: [] });
  });

  it('says why a run is driver-limited: the generator\'s own cores', () => {
    const flags = judge({ driverCpuCores: 1.9, driverMaxCores: 2 });
    assert.equal(flags.driverLimited, true);
    assert.match(flags.reasons.join(), /load generator used 1\.90 of its 2 cores/);
  });

  it('says why a run is memory-stalled', () => {
    const flags = judge({ successes: 0 }, { memoryPeakBytes: 128 * 1024 ** 2, oomKilled: false }, { memoryBytes: 128 * 1024 ** 2 });
    assert.equal(flags.memoryStalled, true);
    assert.match(flags.reasons.join(), /memory-stalled: at 134217728 of 134217728 bytes/);
  });

  it('judges an open-loop sender behind when it sent short or late, and on time otherwise', () => {
    assert.equal(judge({ schedule: { targetRps: 100, sentRps: 100, sendLagP99Us: 500 } }).senderBehind, false);
    const late = judge({ schedule: { targetRps: 100, sentRps: 100, sendLagP99Us: 50_000 } });
    assert.equal(late.senderBehind, true);
    assert.match(late.reasons.join(), /sender-behind: sent 100\.0 of 100 rps, send lag p99 50\.0 ms/);
    assert.equal(judge({ schedule: { targetRps: 100, sentRps: 90, sendLagP99Us: 0 } }).senderBehind, true);
  });
});
