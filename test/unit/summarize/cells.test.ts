import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarizeCells } from '../../../src/summarize/cells.ts';
import { toResultRow } from '../../../src/write/columns.ts';
import { matrix } from '../../helpers/matrix.ts';
import { cells, completedOutcome, failedOutcome } from '../../helpers/outcomes.ts';

describe('summarizeCells', () => {
  it('folds repetitions into median, interval and noise flags per cell', () => {
    const axes = matrix().axes;
    const [a, b] = cells as [(typeof cells)[0], (typeof cells)[0]];
    const rows = [
      ...[100, 110, 120, 130, 140, 150].map((p99, i) => toResultRow(completedOutcome(a, i + 1, { p99Us: p99 * 1000 }), 's', axes)),
      toResultRow(completedOutcome(b, 1, { rps: 100 }), 's', axes),
      toResultRow(completedOutcome(b, 2, { rps: 100 }), 's', axes),
      toResultRow(failedOutcome(b, 3), 's', axes),
    ];
    const [sa, sb] = summarizeCells(rows);
    assert.ok(sa && sb);
    assert.equal(sa.latency_p99_us_median, 125_000);
    assert.equal(sa.latency_p99_us_ci_low, 100_000);
    assert.equal(sa.latency_p99_us_ci_high, 150_000);
    assert.equal(sa.noisy, true, 'p99 varies by ±20%');
    assert.equal(sa.param_cpus, 1);
    assert.equal(sb.runs, 3);
    assert.equal(sb.completed, 2);
    assert.equal(sb.failed, 1);
    assert.equal(sb.latency_p99_us_ci_low, null, 'two runs give no interval');
    assert.equal(sb.noisy, false);
  });

  it('names each column for what it holds, and rounds to the precision measured', () => {
    const a = cells[0]!;
    const axes = matrix().axes;
    const run = (i: number, extra: Record<string, number | boolean>) => ({ ...toResultRow(completedOutcome(a, i, { p99Us: 5001 + 3 * (i - 1) }), 's', axes), ...extra });
    const rows = [
      run(1, { cold_start_ms_median: 104.123, memory_peak_bytes: 7_000_001, oom_killed: true, driver_limited: true }),
      run(2, { cold_start_ms_median: 104.386, memory_peak_bytes: 7_000_002, oom_killed: false, driver_limited: true }),
    ];
    const [s] = summarizeCells(rows);
    assert.ok(s);
    assert.equal(s.cold_start_ms_median, 104.255, 'ms to 3 decimals, not 104.25450000000001');
    assert.equal(s.latency_p99_us_median, 5003, 'µs integers');
    assert.equal(s.memory_peak_bytes_median, 7_000_002, 'bytes integers');
    assert.equal(s.oom_killed_runs, 1);
    assert.equal(s.driver_limited_runs, 2);
    assert.equal(s.memory_stalled_runs, 0);
    const keys = Object.keys(s);
    assert.deepEqual(keys.filter((k) => k.endsWith('_median_median') || ['oom_killed', 'driver_limited', 'memory_stalled'].includes(k)), []);
  });
});
