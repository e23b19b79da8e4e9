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
  it('flags a run that other processes disturbed, and says how much they took', () => {
    // Host 90% of 2 cores busy: 1.8 cores, of which the generator 0.3 and the workload 0.45.
    const flags = judge({ hostCpuBusy: 0.9 });
    assert.equal(flags.contended, true);
    assert.ok(Math.abs((flags.otherCpuCores ?? 0) - 1.05) < 1e-9);
    assert.match(flags.reasons.join(), /contended: other processes used 1\.05 cores/);
    assert.equal(judge({}, { cpuUsageMs: null }).otherCpuCores, null, 'unknown where the platform hides the workload\'s CPU');
  });

  it('says why a run is host-limited: hello at --cpus=2 on a 2-core host, 89% busy', () => {
    const flags = judge({ hostCpuBusy: 0.89, driverCpuCores: 0.7, durationS: 1 }, { cpuUsageMs: 980 }, { cpus: 2 });
    assert.equal(flags.driverLimited, true);
    assert.match(flags.reasons.join(), /host-limited: the workload could use 2\.00 cores and used 0\.98, while the host had 0\.22 idle \(load generator 0\.70, other processes 0\.10\)/);
  });

  it('flags nothing on a quiet run, and says nothing', () => {
    // Host 40% of 2 cores busy: 0.8 cores, less the generator's 0.3 and the workload's 0.45 (900 ms over 2 s).
    const flags = judge({ hostCpuBusy: 0.4 });
    assert.deepEqual({ ...flags, otherCpuCores: Number(flags.otherCpuCores?.toFixed(3)) }, { driverLimited: false, memoryStalled: false, unanswered: false, senderBehind: null, contended: false, otherCpuCores: 0.05, reasons: [] });
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

  it('marks a run in which no request succeeded unanswered, unless an OOM kill or a stall says why', () => {
    const flags = judge({ successes: 0, requests: 12, errors: { timeout: 12, connection: 0, http: 0, other: 0 } });
    assert.equal(flags.unanswered, true);
    assert.match(flags.reasons.join(), /unanswered: none of 12 requests succeeded \(timeouts 12, connection 0, http 0, other 0\)/);
    assert.equal(judge({ successes: 0 }, { oomKilled: true }).unanswered, false);
    assert.equal(judge({ successes: 0 }, { memoryPeakBytes: 128 * 1024 ** 2, oomKilled: false }, { memoryBytes: 128 * 1024 ** 2 }).unanswered, false);
    assert.equal(judge({}).unanswered, false);
  });

  it('judges an open-loop sender behind when it sent short or late, and on time otherwise', () => {
    assert.equal(judge({ schedule: { targetRps: 100, sentRps: 100, sendLagP99Us: 500 } }).senderBehind, false);
    const late = judge({ schedule: { targetRps: 100, sentRps: 100, sendLagP99Us: 50_000 } });
    assert.equal(late.senderBehind, true);
    assert.match(late.reasons.join(), /sender-behind: sent 100\.0 of 100 rps, send lag p99 50\.0 ms/);
    assert.equal(judge({ schedule: { targetRps: 100, sentRps: 90, sendLagP99Us: 0 } }).senderBehind, true);
  });
});
