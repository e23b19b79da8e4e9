import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ResultRow } from '../../../src/types.ts';
import { resultColumns } from '../../../src/write/columns.ts';
import { readResultRows, ResultsWriter } from '../../../src/write/results-writer.ts';
import { matrix } from '../../helpers/matrix.ts';
import { cells, completedOutcome, failedOutcome } from '../../helpers/outcomes.ts';
import { tmpDir } from '../../helpers/tmp.ts';

describe('ResultsWriter', () => {
  it('names a param_ column per axis between the ids and the metrics', () => {
    const columns = resultColumns(matrix().axes);
    assert.deepEqual(columns.slice(0, 7), ['sweep_id', 'run_id', 'cell_id', 'cell_label', 'param_workload', 'param_cpus', 'param_concurrency']);
    assert.equal(resultColumns([{ name: 'env.GOMAXPROCS', values: [] }])[4], 'param_env_GOMAXPROCS');
    assert.equal(resultColumns([{ name: 'build.tags', values: [] }])[4], 'param_build_tags');
  });

  it('appends a row per run that reads back with the same values', (t) => {
    const dir = tmpDir(t);
    const cell = cells[0]!;
    const writer = new ResultsWriter(dir, 'sweep-1', matrix().axes);
    const written = [writer.append(completedOutcome(cell, 1)), writer.append(failedOutcome(cell, 2))];
    const rows = readResultRows(dir);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows, written, 'every value reads back as it was written, of its kind');
    const [ok, failed] = rows as [ResultRow, ResultRow];
    assert.equal(ok.sweep_id, 'sweep-1');
    assert.equal(ok.run_id, `${cell.id}#1`);
    assert.equal(ok.param_cpus, 1);
    assert.equal(ok.status, 'completed');
    assert.equal(ok.latency_p99_us, 5000);
    assert.equal(ok.cold_start_ms_median, 100.123);
    assert.equal(ok.cold_start_ms_min, 95);
    assert.equal(ok.errors_timeout, 4);
    assert.equal(ok.cpu_throttled_ms, 120.5);
    assert.equal(ok.oom_killed, false);
    assert.equal(ok.gomemlimit_bytes, null);
    assert.equal(ok.gc_cycles, 7);
    assert.equal(ok.gc_pause_ms, 2.5);
    assert.equal(ok.goroutines, 12);
    assert.equal(ok.load_model, 'closed');
    assert.equal(ok.target_rps, null);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error_stage, 'cold-start');
    assert.match(failed.error_message ?? '', /exited with code 3/);
    assert.equal(failed.latency_p99_us, null);

    const header = fs.readFileSync(path.join(dir, 'results.csv'), 'utf8').split('\n').filter((l) => l.startsWith('sweep_id'));
    assert.equal(header.length, 1, 'the header is written once');
    const coldStarts = fs.readFileSync(path.join(dir, 'cold-starts.csv'), 'utf8').trim().split('\n');
    assert.equal(coldStarts.length, 1 + 3);
    const histograms = fs.readFileSync(path.join(dir, 'histograms.jsonl'), 'utf8').trim().split('\n');
    assert.deepEqual(JSON.parse(histograms[0]!), { run_id: `${cell.id}#1`, unit: 'us', hdr: 'HISTFAKE' });
  });

  it('continues an existing file without a second header (resume)', (t) => {
    const dir = tmpDir(t);
    new ResultsWriter(dir, 's', matrix().axes).append(completedOutcome(cells[0]!, 1));
    new ResultsWriter(dir, 's', matrix().axes).append(completedOutcome(cells[1]!, 1));
    assert.deepEqual(readResultRows(dir).map((r) => r.cell_id), [cells[0]!.id, cells[1]!.id]);
  });
});
