import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, gosweep } from '../helpers/cli.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';

/** test/fixtures/compare/<name>: results.csv of hello and cpu (see its README.md). */
const sweep = (name: string) => fixture('compare', name);

/** A copy of a fixture sweep whose meta.json carries this matrix gate. */
function withMatrixGate(t: { after: (fn: () => void) => void }, name: string, gate: string[]): string {
  const dir = tmpDir(t);
  fs.copyFileSync(path.join(sweep(name), 'results.csv'), path.join(dir, 'results.csv'));
  writeFile(dir, 'meta.json', JSON.stringify({ matrix: { gate } }));
  return dir;
}

describe('gosweep compare: the gate', () => {
  it('says it could not test, exit 3, when there are too few runs a side, and how many it needs', async () => {
    const r = await gosweep(['compare', sweep('three-runs'), sweep('three-runs-latency-x1.5')]);
    assert.equal(r.exitCode, 3, r.all);
    assert.match(r.stdout, /^gate: could not test: /m);
    assert.doesNotMatch(r.stdout, /gate: pass/);
    assert.match(r.stdout, /needs 4 runs a side/);
    assert.match(r.stdout, /fix: .*run\.repetitions: 4/);
  });

  it('shows the measured change of a row with too few runs', async () => {
    const r = await gosweep(['compare', sweep('three-runs'), sweep('three-runs-latency-x1.5'), '--metrics', 'p99']);
    const hello = r.stdout.split('\n').find((l) => l.startsWith('hello') && / p99 /.test(l)) ?? '';
    assert.match(hello, /\+50\.0%/, r.stdout);
    assert.match(hello, /too few runs/);
  });

  it('fails a significant +50% latency regression by default, without a gate or --threshold', async () => {
    const r = await gosweep(['compare', sweep('six-runs'), sweep('six-runs-latency-x1.5')]);
    assert.equal(r.exitCode, 1, r.all);
    assert.match(r.stdout, /^gate: FAIL/m);
    assert.match(r.stdout, /^thresholds: p50 \+10% \(default\), p99 \+10% \(default\), rps -5% \(default\), cold_start \+10% \(default\)$/m);
  });

  it('lets the matrix gate loosen a default, and --threshold override the matrix, saying where each came from', async (t) => {
    const loose = withMatrixGate(t, 'six-runs-latency-x1.5', ['p50:+60%', 'p99:+60%']);
    const pass = await gosweep(['compare', sweep('six-runs'), loose]);
    assert.equal(pass.exitCode, 0, pass.all);
    assert.match(pass.stdout, /^thresholds: p50 \+60% \(matrix gate\), p99 \+60% \(matrix gate\), rps -5% \(default\), cold_start \+10% \(default\)$/m);
    assert.match(pass.stdout, /^gate: pass/m);
    const tight = await gosweep(['compare', sweep('six-runs'), loose, '--threshold', 'p99:+40%']);
    assert.equal(tight.exitCode, 1, tight.all);
    assert.match(tight.stdout, /p99 \+40% \(--threshold\)/);
    assert.match(tight.stdout, /^gate: FAIL: 2 significant regression\(s\)/m);
    assert.match(tight.stdout, /^ {2}- hello cpus=1 memory=256m concurrency=8 p99 \+50\.0% \(limit \+40%, --threshold\)$/m);
  });

  it('--no-default-gate leaves only the matrix gate and --threshold, and says nothing was gated', async () => {
    const r = await gosweep(['compare', sweep('six-runs'), sweep('six-runs-latency-x1.5'), '--no-default-gate']);
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /^thresholds: none/m);
    assert.match(r.stdout, /^gate: none: /m);
  });

  it('leaves flagged runs out of both sides and says how many, per cell', async () => {
    // hello's candidate: 4 clean runs 4% slower, 4 driver-limited runs 3× slower, 1 memory-stalled run.
    const r = await gosweep(['compare', sweep('six-runs'), sweep('flagged-runs'), '--threshold', 'p99:+10%']);
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /^left out: hello cpus=1 memory=256m concurrency=8: candidate 5 of 9 runs \(4 driver_limited, 1 memory_stalled\)/m);
    const counted = await gosweep(['compare', sweep('six-runs'), sweep('flagged-runs'), '--threshold', 'p99:+10%', '--include-flagged']);
    assert.equal(counted.exitCode, 1, counted.all);
  });

  it('says it could not test a cell whose candidate runs are all flagged', async (t) => {
    const dir = tmpDir(t);
    const csv = fs.readFileSync(path.join(sweep('six-runs'), 'results.csv'), 'utf8');
    writeFile(dir, 'results.csv', csv.replace(/^(hello-.*),false,false$/gm, '$1,true,false'));
    const r = await gosweep(['compare', sweep('six-runs'), dir]);
    assert.equal(r.exitCode, 3, r.all);
    assert.match(r.stdout, /^gate: could not test: 4 gated comparison\(s\) could not be tested/m);
    assert.match(r.stdout, /^ {2}- hello cpus=1 memory=256m concurrency=8 p50\/p99\/rps\/cold_start: no candidate runs \(6 flagged, left out\)$/m);
    assert.match(r.stdout, /^ {2}fix: .*--include-flagged/m);
  });

  it('gives every comparison its unit and measured change in JSON', async () => {
    const r = await gosweep(['compare', sweep('three-runs'), sweep('three-runs-latency-x1.5'), '--format', 'json']);
    assert.equal(r.exitCode, 3, r.all);
    const report = JSON.parse(r.stdout) as { gate: { verdict: string }; comparisons: Array<Record<string, unknown>> };
    assert.equal(report.gate.verdict, 'could not test');
    const p99 = report.comparisons.find((c) => c.cellId === 'hello-1a2b3c4d' && c.metric === 'p99');
    assert.deepEqual(
      { unit: p99?.unit, baseMedian: p99?.baseMedian, candidateMedian: p99?.candidateMedian, deltaPct: p99?.deltaPct, verdict: p99?.verdict },
      { unit: 'us', baseMedian: 820, candidateMedian: 1230, deltaPct: 50, verdict: 'too few runs' },
    );
    const cold = report.comparisons.find((c) => c.metric === 'cold_start');
    assert.equal(cold?.unit, 'ms');
  });

  it('documents its exit codes and default thresholds in --help', async () => {
    const r = await gosweep(['compare', '--help']);
    assert.equal(r.exitCode, 0);
    assert.match(r.stdout, /^\s+3\s+the gate could not test/m);
    assert.match(r.stdout, /^\s+1\s+a significant regression/m);
    assert.match(r.stdout, /p99 \+10%/);
  });
});
