import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep } from '../helpers/cli.ts';
import { processMatrix } from '../helpers/process-matrix.ts';
import { tmpDir } from '../helpers/tmp.ts';

type Event = Record<string, unknown> & { event: string };

/** stdout as JSON lines; a line that is not JSON fails the test, naming it. */
function jsonLines(stdout: string): Event[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Event;
      } catch {
        throw new assert.AssertionError({ message: `stdout has a line that is not JSON: ${line}` });
      }
    });
}

describe('gosweep run --json: events on stdout, one JSON object a line (#13)', () => {
  it('prints run-started and run-finished for each run, its results.csv row as written, then sweep-finished', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', processMatrix(parent), '--results-dir', path.join(parent, 'out'), '--json', '--runs', '2']);
    assert.equal(r.exitCode, 0, r.all);
    const events = jsonLines(r.stdout);
    assert.deepEqual(events.map((e) => e.event), ['run-started', 'run-finished', 'run-started', 'run-finished', 'sweep-finished']);

    const dir = path.join(parent, 'out', fs.readdirSync(path.join(parent, 'out'))[0] as string);
    const rows = readResultRows(dir);
    const finished = events.filter((e) => e.event === 'run-finished').map((e) => e.row as Record<string, unknown>);
    assert.deepEqual(finished, rows, 'each row is the one results.csv holds');
    const header = (fs.readFileSync(path.join(dir, 'results.csv'), 'utf8').split('\n')[0] ?? '').split(',');
    for (const row of finished) assert.deepEqual(Object.keys(row), header, 'the columns of results.csv, in its order');
    assert.deepEqual(finished.map((row) => row.status), ['completed', 'completed']);

    const started = events.filter((e) => e.event === 'run-started');
    assert.deepEqual(started.map((e) => e.runId), rows.map((row) => row.run_id), 'each run starts before it finishes, in order');
    assert.deepEqual(started.map((e) => [e.cellId, e.label, e.repetition, e.order]), rows.map((row) => [row.cell_id, row.cell_label, row.repetition, row.run_order]));

    assert.deepEqual(events.at(-1), {
      event: 'sweep-finished',
      dir,
      results: path.join(dir, 'results.csv'),
      planned: 2,
      runs: 2,
      completed: 2,
      failed: 0,
      skipped: 0,
      interrupted: false,
      verdicts: [],
    });
    // The text for people went to stderr.
    assert.match(r.stderr, /^sweep tiny-\d{8}-\d{6}: 2 of 2 runs to go/m);
    assert.match(r.stderr, /^\[2\/2\] hello target=process concurrency=2 #\d/m);
    assert.match(r.stderr, new RegExp(`^results: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/results\\.csv \\(2 completed, 0 failed\\)$`, 'm'));
  });

  it('with --quiet, stderr has no progress, and stdout the same events', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', processMatrix(parent), '--results-dir', parent, '--json', '--quiet']);
    assert.equal(r.exitCode, 0, r.all);
    assert.deepEqual(jsonLines(r.stdout).map((e) => e.event), ['run-started', 'run-finished', 'sweep-finished']);
    assert.doesNotMatch(r.stderr, /\[1\/1\]|^built |^sweep /m);
    assert.match(r.stderr, /^results: .*results\.csv \(1 completed, 0 failed\)$/m);
  });

  it('is refused with --dry-run, exit 2', async (t) => {
    const r = await gosweep(['run', processMatrix(tmpDir(t)), '--dry-run', '--json']);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /option '--json' cannot be used with option '--dry-run'/);
    assert.equal(r.stdout, '');
  });
});

describe('gosweep compare --json (#13)', () => {
  const sweep = (name: string) => fixture('compare', name);

  it('prints the JSON --json-out writes, and nothing else', async (t) => {
    const file = path.join(tmpDir(t), 'compare.json');
    const r = await gosweep(['compare', sweep('three-runs'), sweep('three-runs-latency-x1.5'), '--json', '--json-out', file]);
    assert.equal(r.exitCode, 3, r.all);
    // execa drops the one final newline.
    assert.equal(`${r.stdout}\n`, fs.readFileSync(file, 'utf8'));
    const report = JSON.parse(r.stdout) as { gate: { verdict: string }; comparisons: unknown[] };
    assert.equal(report.gate.verdict, 'could not test');
    assert.ok(report.comparisons.length > 0);
    const format = await gosweep(['compare', sweep('three-runs'), sweep('three-runs-latency-x1.5'), '--format', 'json']);
    assert.equal(format.stdout, r.stdout, '--json is --format json');
  });

  it('is refused with --format, exit 2', async () => {
    const r = await gosweep(['compare', sweep('three-runs'), sweep('three-runs'), '--json', '--format', 'markdown']);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /option '--json' cannot be used with option '--format <format>'/);
  });
});
