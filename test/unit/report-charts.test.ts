import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chartsFor, renderSvg, shortLabels } from '../../src/report/charts.ts';
import type { CellSummary } from '../../src/summarize/cells.ts';

const cell = (cpus: number, g: string, extra: Partial<CellSummary> = {}): CellSummary => ({
  cell_id: `c-${cpus}-${g}`, cell_label: `cpu cpus=${cpus} memory=512m GOMAXPROCS=${g}`,
  param_workload: 'cpu', param_cpus: cpus, param_memory: '512m', param_env_GOMAXPROCS: g,
  runs: 3, completed: 3, failed: 0, oom_killed_runs: 0, driver_limited_runs: 0, memory_stalled_runs: 0, gomaxprocs: g, noisy: false,
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
    const cold = [{ cell_id: 'c-1-1', create_ms: 10, start_ms: 100, ready_ms: 3 }];
    assert.deepEqual(chartsFor(oom, [], cold).map((c) => c.id), ['p99', 'throughput', 'throttled', 'cold-start-phases', 'oom-by-memory']);
  });

  it('leads the cold-start phases with the pull when images were pulled', () => {
    const phases = (cold: Array<Record<string, number>>) => {
      const chart = chartsFor(summaries, [], cold.map((c) => ({ cell_id: 'c-1-1', ...c }))).find((c) => c.id === 'cold-start-phases');
      return [...new Set((chart?.spec.data as { values: Array<{ phase: string }> }).values.map((v) => v.phase))];
    };
    assert.deepEqual(phases([{ create_ms: 10, start_ms: 100, ready_ms: 3 }]), ['create', 'start', 'ready']);
    assert.deepEqual(phases([{ pull_ms: 200, create_ms: 10, start_ms: 100, ready_ms: 3 }]), ['pull', 'create', 'start', 'ready']);
  });

  it('names cells by the axes that vary', () => {
    assert.equal(shortLabels(summaries).get('c-1-16'), 'cpus=1 GOMAXPROCS=16');
  });
});
