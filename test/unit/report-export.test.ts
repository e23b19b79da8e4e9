import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBenchmarkText, toMarkdown } from '../../src/report/export.ts';
import { summarizeCells } from '../../src/summarize/cells.ts';
import { toResultRow } from '../../src/write/columns.ts';
import { matrix } from '../helpers/matrix.ts';
import { cells, completedOutcome, failedOutcome } from '../helpers/outcomes.ts';

const rows = [completedOutcome(cells[0]!, 1), completedOutcome(cells[0]!, 2, { p99Us: 6000 }), failedOutcome(cells[1]!, 1)].map((o) => toResultRow(o, 's', matrix().axes));

describe('export', () => {
  it('writes one Go benchmark line per completed run, cells as key=value sub-benchmarks', () => {
    const lines = toBenchmarkText(rows, null).trim().split('\n');
    assert.equal(lines[0], 'goos: linux');
    const bench = lines.filter((l) => l.startsWith('Benchmark'));
    assert.equal(bench.length, 2, 'the failed run is left out');
    assert.equal(bench[0], 'BenchmarkSweep/workload=hello/cpus=1/concurrency=8 1 1000000 p50-ns 5000000 p99-ns 9000000 p99.9-ns 495 req/s 100123000 cold-start-ns 120500000 throttled-ns 7000000 peak-B');
    assert.match(bench[1] ?? '', / 6000000 p99-ns /);
  });

  it('writes a markdown table of the cells', () => {
    const md = toMarkdown(summarizeCells(rows), null);
    assert.match(md, /\| cell +\| runs \| p50 ms/);
    assert.match(md, /\| hello cpus=1 concurrency=8 +\| 2\/2 +\| 1\.00 +\| 5\.50 /);
  });
});
