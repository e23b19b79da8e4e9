import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMatrix } from '../../src/matrix/load.ts';
import { bootstrapRatio, judgeClaim } from '../../src/report/claims.ts';
import { reportMarkdown } from '../../src/report/report.ts';
import type { Claim } from '../../src/types.ts';
import type { ResultRow } from '../../src/types.ts';
import { resultRow } from '../helpers/rows.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';

/** Runs of the cell with GOMAXPROCS=g (null: unset) at the given p99s (ms), at cpus=1. */
const runs = (g: number | null, p99Ms: number[], extra: Partial<ResultRow> = {}): ResultRow[] =>
  p99Ms.map((p) => resultRow({ status: 'completed', param_cpus: 1, param_env_GOMAXPROCS: g, latency_p99_us: p * 1000, oom_kills: 0, ...extra }));

const ratioClaim = (atLeast: number): Claim => ({
  id: 'C1', says: 'p99 rises with GOMAXPROCS', metric: 'p99', where: { cpus: 1 },
  ratio: { of: { 'env.GOMAXPROCS': 16 }, to: { 'env.GOMAXPROCS': 1 } }, atLeast,
});

const rows = [...runs(16, [120, 118, 125, 122, 119, 121]), ...runs(1, [44, 45, 43, 46, 44, 45]), ...runs(null, [160, 165, 158])];

describe('judgeClaim', () => {
  it('leaves driver-limited and contended runs out of a verdict, as the issue\'s busy-host sweep needed', () => {
    // Quiet runs give 43-46 ms at GOMAXPROCS=1; two runs on a busy host gave 54 and 297 ms.
    const busy = [...runs(1, [54], { contended: true }), ...runs(1, [297], { driver_limited: true })];
    const r = judgeClaim(ratioClaim(2), [...rows, ...busy]);
    assert.equal(r.n, '6 vs 6 runs');
    assert.equal(r.verdict, 'reproduced');
    // A count is not a speed: a busy host does not change how many times it was OOM-killed.
    const oom = judgeClaim({ id: 'C3', says: 'no OOM kill', metric: 'oom_kills', where: { 'env.GOMAXPROCS': '1' }, atMost: 0 }, [...rows, ...busy]);
    assert.equal(oom.n, '8 runs');
  });

  it('reproduces a ratio whose whole interval meets the bound', () => {
    const r = judgeClaim(ratioClaim(2), rows);
    assert.equal(r.verdict, 'reproduced');
    assert.ok(r.measured !== null && Math.abs(r.measured - 120.5 / 44.5) < 0.01);
    assert.ok(r.low !== null && r.high !== null && r.low <= r.measured && r.measured <= r.high);
    assert.equal(r.n, '6 vs 6 runs');
  });

  it('does not reproduce a ratio whose whole interval misses it', () => {
    assert.equal(judgeClaim(ratioClaim(7), rows).verdict, 'not reproduced');
  });

  it('is inconclusive when the interval straddles the bound, or runs are too few', () => {
    const spread = [...runs(16, [60, 140, 90, 130, 70, 100]), ...runs(1, [44, 45, 43, 46, 44, 45])];
    assert.equal(judgeClaim(ratioClaim(2), spread).verdict, 'inconclusive');
    const few = judgeClaim(ratioClaim(2), [...runs(16, [120, 121]), ...runs(1, [44, 45])]);
    assert.equal(few.verdict, 'inconclusive');
    assert.match(few.interval, /too few runs/);
  });

  it('judges a value claim on every matching run, unset matching an empty cell', () => {
    const oom = [...runs(null, [1, 1, 1], { oom_kills: 3 }), ...runs(null, [1], { oom_kills: 0 }), ...runs(1, [1, 1], { oom_kills: 0 })];
    const some: Claim = { id: 'C3', says: 'without a limit it is killed', metric: 'oom_kills', where: { 'env.GOMAXPROCS': 'unset' }, atLeast: 1 };
    assert.equal(judgeClaim(some, oom).verdict, 'inconclusive', 'one run of four was not killed');
    const none: Claim = { id: 'C3', says: 'with it, never', metric: 'oom_kills', where: { 'env.GOMAXPROCS': 1 }, atMost: 0 };
    assert.equal(judgeClaim(none, oom).verdict, 'reproduced');
    assert.equal(judgeClaim({ ...none, where: { 'env.GOMAXPROCS': 99 } }, oom).interval, 'no runs match');
  });

  it('gives no interval when the denominator is mostly zero', () => {
    const zeros: ResultRow[] = [
      ...runs(16, [1, 1, 1], { oom_kills: 2 }),
      ...runs(1, [1, 1, 1, 1], { oom_kills: 0 }),
    ];
    const claim: Claim = { id: 'C3', says: 'x', metric: 'oom_kills', where: {}, ratio: { of: { 'env.GOMAXPROCS': 16 }, to: { 'env.GOMAXPROCS': 1 } }, atLeast: 1 };
    const r = judgeClaim(claim, zeros);
    assert.equal(r.verdict, 'inconclusive');
    assert.equal(r.interval, "the denominator's median is zero");
  });

  it('draws the same bootstrap interval every time', () => {
    assert.deepEqual(bootstrapRatio([3, 4, 5, 6], [1, 2, 2, 3]), bootstrapRatio([3, 4, 5, 6], [1, 2, 2, 3]));
  });
});

describe('claims with units (#1) and thin ratios (#3)', () => {
  const p99Rows = (ms: number[]) => ms.map((p) => resultRow({ status: 'completed', param_workload: 'hello', latency_p99_us: p * 1000 }));

  it('judges a latency bound written in ms against the µs column, and prints both in ms (#1)', (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: x\nworkloads: [hello]\nclaims:\n  - { id: C9, says: hello p99 at most 2 ms, metric: p99, atMost: 2ms }\n');
    const [claim] = loadMatrix(file).claims.filter((c) => typeof c !== 'string');
    assert.ok(claim);
    const r = judgeClaim(claim, p99Rows([1.3, 1.25, 1.35]));
    assert.equal(r.verdict, 'reproduced');
    const md = reportMarkdown(null, [r], []);
    assert.match(md, /\| <= 2 ms +\|/);
    assert.match(md, /1\.3 ms \(3 runs\)/);
    assert.match(md, /\[1\.25 ms, 1\.35 ms\] range of the runs/);
  });

  it('prints sizes and rates with their unit, ratios without (#1)', () => {
    const memory = judgeClaim({ id: 'M', says: 's', metric: 'memory', where: {}, atMost: 64 * 1024 ** 2 }, [resultRow({ status: 'completed', memory_peak_bytes: 48 * 1024 ** 2 })]);
    const rate = judgeClaim({ id: 'R', says: 's', metric: 'rps', where: {}, atLeast: 500 }, [resultRow({ status: 'completed', rps: 700 })]);
    const md = reportMarkdown(null, [memory, rate, judgeClaim(ratioClaim(2), rows)], []);
    assert.match(md, /<= 64 MiB/);
    assert.match(md, /48 MiB \(1 runs\)/);
    assert.match(md, />= 500 rps/);
    assert.match(md, /\| >= 2 +\|/);
  });

  it('shows the point ratio of too few runs, marked as having no interval (#3)', () => {
    const few = judgeClaim(ratioClaim(2), [...runs(16, [120, 121]), ...runs(1, [44, 45])]);
    assert.equal(few.verdict, 'inconclusive');
    assert.ok(few.measured !== null && Math.abs(few.measured - 120.5 / 44.5) < 1e-9, String(few.measured));
    assert.equal(few.low, null);
    assert.match(few.interval, /^no interval: too few runs/);
    const md = reportMarkdown(null, [few], []);
    assert.match(md, /2\.71× \(2 vs 2 runs\) \| no interval: too few runs/);
  });
});
