import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartsFor, renderSvg, shortLabels } from '../../src/report/charts.ts';
import type { CellSummary } from '../../src/summarize/cells.ts';
import type { ResultRow } from '../../src/types.ts';
import { coldStartRow, resultRow } from '../helpers/rows.ts';

const cell = (cpus: number, g: string, extra: Partial<CellSummary> = {}): CellSummary => ({
  cell_id: `c-${cpus}-${g}`, cell_label: `cpu cpus=${cpus} memory=512m GOMAXPROCS=${g}`,
  param_workload: 'cpu', param_cpus: cpus, param_memory: '512m', param_env_GOMAXPROCS: g,
  runs: 3, completed: 3, failed: 0, oom_killed_runs: 0, driver_limited_runs: 0, memory_stalled_runs: 0, unanswered_runs: 0, contended_runs: 0, gomaxprocs: g, noisy: false,
  latency_p99_us_median: 100_000 * cpus, latency_p99_us_ci_low: null, latency_p99_us_ci_high: null,
  rps_median: 400 * cpus, cpu_throttled_ms_median: g === '16' ? 4000 : 10, ...extra,
}) as CellSummary;

describe('charts', () => {
  const summaries = [cell(0.5, '1'), cell(1, '1'), cell(0.5, '16'), cell(1, '16')];

  it('draws p99, throughput and throttling against cpus, one line per GOMAXPROCS', async () => {
    const charts = chartsFor(summaries, [], []);
    assert.deepEqual(charts.map((c) => c.id), ['p99', 'throughput', 'throttled']);
    const svg = await renderSvg(charts[0]!.spec);
    assert.match(svg, /^<svg/);
    assert.match(svg, /class="mark-line role-mark/);
    assert.match(svg, />GOMAXPROCS</);
  });

  it('adds cold-start phases and OOM kills where the data has them', () => {
    const oom = [cell(1, '1', { param_memory: '128m', oom_killed_runs: 2 }), cell(1, '16', { param_memory: '256m' })];
    const cold = [coldStartRow({ cell_id: 'c-1-1', create_ms: 10, start_ms: 100, ready_ms: 3 })];
    assert.deepEqual(chartsFor(oom, [], cold).map((c) => c.id), ['p99', 'throughput', 'throttled', 'cold-start-phases', 'oom-by-memory']);
  });

  it('leads the cold-start phases with the pull when images were pulled', () => {
    const phases = (cold: Array<Record<string, number>>) => {
      const chart = chartsFor(summaries, [], cold.map((c) => coldStartRow({ cell_id: 'c-1-1', ...c }))).find((c) => c.id === 'cold-start-phases');
      return [...new Set((chart?.spec.data as { values: Array<{ phase: string }> }).values.map((v) => v.phase))];
    };
    assert.deepEqual(phases([{ create_ms: 10, start_ms: 100, ready_ms: 3 }]), ['create', 'start', 'ready']);
    assert.deepEqual(phases([{ pull_ms: 200, create_ms: 10, start_ms: 100, ready_ms: 3 }]), ['pull', 'create', 'start', 'ready']);
  });

  it('names cells by the axes that vary', () => {
    assert.equal(shortLabels(summaries).get('c-1-16'), 'cpus=1 GOMAXPROCS=16');
  });
});

/** What a chart says above itself: its title, then its subtitle's lines joined. */
const heading = (c: { spec: object }) => {
  const title = (c.spec as { title?: string | { text: string; subtitle?: string[] } }).title;
  return typeof title === 'object' ? [title.text, ...(title.subtitle ?? [])].join(' ') : String(title);
};

describe('charts that do not mislead (#2)', () => {
  const summaries = [cell(0.5, '1'), cell(1, '1'), cell(0.5, '16'), cell(1, '16')];
  const two = (workload: string, p99Us: number) => [1, 2].map((cpus) => cell(cpus, '1', { cell_id: `${workload}-${cpus}`, param_workload: workload, latency_p99_us_median: p99Us / cpus }));

  it('gives each workload its own panel and y scale, so one 50× faster is not a flat line at 0', () => {
    const p99 = chartsFor([...two('cpu', 80_000), ...two('hello', 1_500)], [], []).find((c) => c.id === 'p99');
    const spec = p99?.spec as { facet?: { field?: string }; resolve?: { scale?: { y?: string } } };
    assert.equal(spec.facet?.field, 'workload');
    assert.equal(spec.resolve?.scale?.y, 'independent');
  });

  it('draws cpus as the values measured, not a number line between them', async () => {
    const svg = await renderSvg(chartsFor([cell(0.5, '1'), cell(1, '1'), cell(2, '1'), cell(0.5, '16'), cell(1, '16'), cell(2, '16')], [], [])[0]!.spec);
    for (const tick of ['0.5', '1', '2']) assert.match(svg, new RegExp(`>${tick}</text>`));
    for (const invented of ['0.6', '1.2', '1.5', '1.8']) assert.doesNotMatch(svg, new RegExp(`>${invented}</text>`));
  });

  it('draws the p99 interval where cells have one, and says why where they do not', async () => {
    const withCi = summaries.map((s) => ({ ...s, runs: 6, completed: 6, latency_p99_us_ci_low: Number(s.latency_p99_us_median) * 0.9, latency_p99_us_ci_high: Number(s.latency_p99_us_median) * 1.1 }));
    const drawn = chartsFor(withCi, [], [])[0]!;
    assert.match(await renderSvg(drawn.spec), /class="mark-rule role-mark/);
    assert.match(heading(drawn), /95% interval/);
    const none = chartsFor(summaries, [], [])[0]!;
    assert.doesNotMatch(heading(none), /95%.*CI|, 95%/);
    assert.match(heading(none), /no 95% interval: 3 runs a cell, 6 needed/);
    assert.ok(none.notes.some((n) => /6 needed/.test(n)));
    const some = chartsFor([...withCi.slice(0, 2), ...summaries.slice(2)], [], [])[0]!;
    assert.match(heading(some), /no 95% interval for cpus=0.5 GOMAXPROCS=16, cpus=1 GOMAXPROCS=16: 3 runs, 6 needed/);
  });

  it('draws binary size against cold start only when a workload\'s binary size varies', () => {
    const run = (cell_id: string, workload: string, binary_bytes: number, extra: Partial<ResultRow> = {}): ResultRow => resultRow({ cell_id, cell_label: cell_id, param_workload: workload, status: 'completed', binary_bytes, cold_start_ms_median: 110, ...extra });
    const workloads = [run('hello', 'hello', 9_245_976), run('cpu', 'cpu', 9_349_144)];
    assert.ok(!chartsFor(summaries, workloads, []).some((c) => c.id === 'binary-vs-cold-start'), 'two programs are not a size axis');
    const stripped = [run('a', 'hello', 9_245_976, { param_build_strip: false }), run('b', 'hello', 6_291_456, { param_build_strip: true })];
    assert.ok(chartsFor(summaries, stripped, []).some((c) => c.id === 'binary-vs-cold-start'));
  });

  it('leaves out cold-start phases too small to see, and says which', () => {
    const cold = [coldStartRow({ cell_id: 'c-1-1', create_ms: 8, start_to_init_ms: 110, package_init_ms: 0.001, main_to_listen_ms: 0.28, listen_to_ready_ms: 4.8 })];
    const chart = chartsFor(summaries, [], cold).find((c) => c.id === 'cold-start-phases')!;
    const phases = new Set((chart.spec.data as { values: Array<{ phase: string }> }).values.map((v) => v.phase));
    assert.deepEqual([...phases], ['create', 'start → init', 'main → listen', 'listen → ready']);
    assert.match(heading(chart), /left out, under 0\.1 ms and 1% of the total: package init/);
  });

  it('draws OOM kills by memory only when memory takes more than one value', () => {
    const one = [cell(1, '1', { oom_killed_runs: 2 }), cell(1, '16')];
    assert.ok(!chartsFor(one, [], []).some((c) => c.id === 'oom-by-memory'));
  });
});
