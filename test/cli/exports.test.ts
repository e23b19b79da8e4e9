import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gosweep } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';
import { ResultsWriter } from '../../src/write/results-writer.ts';
import { matrix } from '../helpers/matrix.ts';
import { cells, completedOutcome, failedOutcome } from '../helpers/outcomes.ts';

/** A results folder with two completed runs and a failed one, as a sweep writes it. */
function resultsFolder(t: { after: (fn: () => void) => void }): string {
  const dir = tmpDir(t);
  const writer = new ResultsWriter(dir, 'sweep-1', matrix().axes);
  writer.append(completedOutcome(cells[0]!, 1));
  writer.append(completedOutcome(cells[0]!, 2, { rps: 697.7 }));
  writer.append(failedOutcome(cells[1]!, 1));
  return dir;
}

describe('gosweep export and columns', () => {
  it('export --format json keeps numbers and booleans typed, empty as null', async (t) => {
    const r = await gosweep(['export', resultsFolder(t), '--format', 'json']);
    assert.equal(r.exitCode, 0, r.all);
    const { runs, summary } = JSON.parse(r.stdout) as { runs: Array<Record<string, unknown>>; summary: Array<Record<string, unknown>> };
    const [first, second, failed] = runs as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    assert.equal(second.rps, 697.7);
    assert.equal(first.driver_limited, false);
    assert.equal(first.oom_killed, false);
    assert.equal(first.param_cpus, 1);
    assert.equal(first.param_workload, 'hello');
    assert.equal(first.gomemlimit_bytes, null);
    assert.equal(failed.latency_p99_us, null);
    assert.deepEqual(runs.filter((row) => row.oom_killed), [], 'select(.oom_killed) matches no run');
    assert.equal(summary[0]?.param_cpus, 1);
    assert.equal(summary[0]?.oom_killed_runs, 0);
    assert.equal(summary[0]?.rps_median, 596.4);
  });

  it('columns documents every file of a results folder', async () => {
    const r = await gosweep(['columns']);
    assert.equal(r.exitCode, 0, r.all);
    for (const file of ['results.csv', 'summary.csv', 'cold-starts.csv', 'histograms.jsonl', 'meta.json', 'knee.csv', 'exec-start.csv']) {
      assert.match(r.stdout, new RegExp(`^# ${file.replace('.', '\\.')}: one `, 'm'), file);
    }
    for (const column of ['oom_killed_runs', 'cold_start_ms_median', 'latency_p99_us_ci_low', 'hdr', 'host.cpuModel', 'passed', 'exec_to_listen_ms_p50']) {
      assert.match(r.stdout, new RegExp(`^${column.replace('.', '\\.')}\\s`, 'm'), column);
    }
  });

  it('columns <file> documents one file; an unknown one exits 2 naming the files', async () => {
    const r = await gosweep(['columns', 'summary.csv']);
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /^# summary\.csv: one line per cell/m);
    assert.match(r.stdout, /^oom_killed_runs\s+number\s+\S/m);
    assert.match(r.stdout, /^cold_start_ms_median\s+number\s+median across .*repetitions/m);
    assert.doesNotMatch(r.stdout, /^run_id\s/m, 'no other file');
    const bad = await gosweep(['columns', 'nope.csv']);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /results\.csv, summary\.csv, cold-starts\.csv/);
  });
});
