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
});
