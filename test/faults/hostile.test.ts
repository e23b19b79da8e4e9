import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import type { ResultRow } from '../../src/types.ts';
import { folderState, onlyChild, watchPeakRss } from '../helpers/faults.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** What each workload of hostile.yaml must come to: a failed row and why, or a completed one flagged unanswered, every request an error. */
const EXPECTED: Record<string, (row: ResultRow) => void> = {
  'never-listens': (row) => {
    assert.equal(row.status, 'failed');
    assert.match(String(row.error_message), /no successful answer on \/health within 3 s/);
  },
  crashes: (row) => {
    assert.equal(row.status, 'failed');
    assert.match(String(row.error_message), /exited with code 1 before answering \/health.*crashing at start/s);
  },
  'wrong-port': (row) => {
    assert.equal(row.status, 'failed');
    assert.match(String(row.error_message), /no successful answer on \/health within 3 s/);
  },
  // Every answer is 1 GiB: no request finishes within the 1 s request timeout, and the info document is not read.
  'huge-body': (row) => {
    assert.equal(row.status, 'completed');
    assert.equal(row.successes, 0);
    assert.equal(row.unanswered, true);
    assert.ok((row.requests ?? 0) > 0 && row.errors_timeout === row.requests, `${row.errors_timeout} of ${row.requests} timed out`);
    assert.equal(row.gomaxprocs, null, 'a 1 GiB info document is not read');
  },
  holds: (row) => {
    assert.equal(row.status, 'completed');
    assert.equal(row.successes, 0);
    assert.equal(row.unanswered, true);
    assert.ok((row.requests ?? 0) > 0 && row.errors_timeout === row.requests, `${row.errors_timeout} of ${row.requests} timed out`);
  },
};

/** Per run: the ready timeout, the window and a request timeout, with room for cold starts and teardown on a busy machine. */
const RUN_BOUND_MS = (3 + 2 + 1 + 15) * 1000;
/** The harness alone is about 250 MB here; one 1 GiB body read into it would pass this. */
const HARNESS_RSS_BOUND = 600 * 1024 * 1024;

describe('a hostile or broken workload', { timeout: 300_000 }, () => {
  it('becomes a failed row, or a completed one flagged unanswered, within its timeouts and bounded memory', async (t) => {
    const parent = tmpDir(t);
    const startedAt = performance.now();
    const child = gosweep(['run', fixture('matrices', 'hostile.yaml'), '--results-dir', parent]);
    const peak = watchPeakRss(child.pid as number);
    const done = await child;
    const peakBytes = peak.stop();
    const wallMs = performance.now() - startedAt;
    assert.equal(done.exitCode, 1, done.all);
    const { rows } = folderState(onlyChild(parent));
    assert.deepEqual(rows.map((r) => r.param_workload).sort(), Object.keys(EXPECTED).sort());
    for (const row of rows) EXPECTED[String(row.param_workload)]?.(row);
    assert.ok(wallMs < rows.length * RUN_BOUND_MS + 30_000, `the sweep took ${Math.round(wallMs)} ms`);
    assert.ok(peakBytes > 0 && peakBytes < HARNESS_RSS_BOUND, `the harness peaked at ${peakBytes} B`);
    assert.deepEqual(await managedContainers(), []);
    t.diagnostic(`${rows.length} workloads in ${(wallMs / 1000).toFixed(1)} s; harness peak RSS ${(peakBytes / 2 ** 20).toFixed(0)} MiB; ${rows.map((r) => `${r.param_workload}: ${r.status}`).join(', ')}`);
  });
});
