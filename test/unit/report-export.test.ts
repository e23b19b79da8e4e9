import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toBenchmarkText, toMarkdown } from '../../src/report/export.ts';
import { reportHtml } from '../../src/report/html.ts';
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
    assert.equal(bench[0], 'BenchmarkSweep/workload=hello/cpus=1/concurrency=8 1 0.001 p50-sec 0.005 p99-sec 0.009 p99.9-sec 495 req/s 0.100123 cold-start-sec 0.1205 throttled-sec 7000000 peak-B');
    assert.match(bench[1] ?? '', / 0\.006 p99-sec /);
  });

  it('writes a markdown table of the cells', () => {
    const md = toMarkdown(summarizeCells(rows), null);
    assert.match(md, /\| cell +\| runs \| p50 ms/);
    assert.match(md, /\| hello cpus=1 concurrency=8 +\| 2\/2 +\| 1\.00 +\| 5\.50 /);
  });
});

describe('report.html and report.md (#3)', () => {
  it('carry the same cell columns, p50 and cold start included', () => {
    const summaries = summarizeCells(rows);
    const mdHead = (toMarkdown(summaries, null).split('\n')[0] ?? '').split('|').map((c) => c.trim()).filter(Boolean);
    const html = reportHtml(null, [], summaries, []);
    const htmlHead = [...(/<h2>Cells<\/h2>\n<table><thead><tr>(.*?)<\/tr>/.exec(html)?.[1] ?? '').matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1]);
    assert.deepEqual(htmlHead, mdHead);
    assert.ok(htmlHead.includes('p50 ms') && htmlHead.includes('cold start ms'), htmlHead.join(', '));
  });
});
