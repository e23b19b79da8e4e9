import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartsFor, renderSvg } from '../../src/report/charts.ts';
import { cellsMarkdown } from '../../src/report/export.ts';
import { reportHtml } from '../../src/report/html.ts';
import type { CellSummary } from '../../src/summarize/cells.ts';
import { coldStartRow } from '../helpers/rows.ts';

const cell = (workload: string, cpus: number, extra: Partial<CellSummary> = {}): CellSummary => ({
  cell_id: `${workload}-${cpus}`, cell_label: `${workload} cpus=${cpus} memory=256m`,
  param_workload: workload, param_cpus: cpus, param_memory: '256m',
  runs: 2, completed: 2, failed: 0, oom_killed_runs: 0, driver_limited_runs: 0, memory_stalled_runs: 0, unanswered_runs: 0, contended_runs: 0, gomaxprocs: '2', noisy: false,
  latency_p50_us_median: 5000, latency_p99_us_median: 80_000, latency_p99_us_ci_low: null, latency_p99_us_ci_high: null,
  rps_median: 500, cold_start_ms_median: 110, cpu_throttled_ms_median: cpus === 1 ? 2700 : 0, ...extra,
}) as CellSummary;

/** The quickstart sweep of the issue: two of four cells flagged, one of them twice. */
const summaries = [
  cell('cpu', 1),
  cell('cpu', 2, { noisy: true, driver_limited_runs: 1 }),
  cell('hello', 1, { oom_killed_runs: 1, memory_stalled_runs: 1, failed: 1 }),
  cell('hello', 2, { driver_limited_runs: 2 }),
];
const rowOf = (label: string, html: string) => html.split('\n').find((l) => l.includes(label)) ?? '';

describe('flags in the report (#1)', () => {
  it('counts runs other processes disturbed, and says what contended means', () => {
    const md = cellsMarkdown([cell('cpu', 1, { contended_runs: 2 })]);
    assert.match(rowOf('cpu cpus=1', md), /\| contended×2 +\|$/);
    assert.match(md, /contended: other processes on the host used CPU during runs/);
  });

  it('report.md gives every cell the flags the console prints, and says what they mean', () => {
    const md = cellsMarkdown(summaries);
    assert.match(md.split('\n')[0] ?? '', /\| flags +\|$/);
    assert.match(rowOf('cpu cpus=2', md), /\| noisy driver-limited +\|$/);
    assert.match(rowOf('hello cpus=1', md), /\| oom×1 stalled×1 failed×1 +\|$/);
    assert.match(rowOf('cpu cpus=1', md), /\| +\|$/);
    assert.match(md, /Flags: noisy: p99 or rps varies over 10% across runs; .*driver-limited: /);
  });

  it('report.html does too', () => {
    const html = reportHtml(null, [], summaries, []);
    assert.match(html, /<th>flags<\/th>/);
    assert.match(rowOf('cpu cpus=2', html), /<td>noisy driver-limited<\/td><\/tr>/);
    assert.match(html, /driver-limited: /);
  });

  it('the p99, throughput and throttling charts name the flags beside the point, and draw it hollow', async () => {
    const charts = chartsFor(summaries, [], []).filter((c) => ['p99', 'throughput', 'throttled'].includes(c.id));
    assert.equal(charts.length, 3);
    for (const chart of charts) {
      const svg = await renderSvg(chart.spec);
      assert.match(svg, />noisy driver-limited</, chart.id);
      assert.match(svg, />driver-limited</, chart.id);
      assert.match(svg, /hollow: flagged/, chart.id);
    }
  });

  it('the cold-start chart names them beside the cell', async () => {
    const cold = summaries.map((s) => coldStartRow({ cell_id: s.cell_id, create_ms: 10, start_ms: 100, ready_ms: 3 }));
    const chart = chartsFor(summaries, [], cold).find((c) => c.id === 'cold-start-phases');
    assert.ok(chart);
    assert.match(await renderSvg(chart.spec), />workload=cpu cpus=2 \[noisy driver-limited\]</);
  });
});
