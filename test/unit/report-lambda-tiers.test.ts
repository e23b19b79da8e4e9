import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lambdaTierChart, lambdaTiers, lambdaTiersMarkdown } from '../../src/report/lambda-tiers.ts';
import { renderSvg } from '../../src/report/charts.ts';
import type { ResultRow } from '../../src/types.ts';
import { resultRow } from '../helpers/rows.ts';

const row = (memory: number, durationMs: number, costPer1m: number, extra: Partial<ResultRow> = {}): ResultRow => resultRow({
  status: 'completed', param_workload: 'cpu', param_target: 'lambda-local', param_lambda_memory: memory, param_env_GOMAXPROCS: null,
  server_duration_p50_ms: durationMs, cost_usd_per_1m: costPer1m, init_ms_median: 20, billed_duration_ms: Math.ceil(durationMs), driver_limited: false, contended: false, ...extra,
});

describe('Lambda tiers in the report', () => {
  // Handler time falls with memory until one vCPU; cost per invocation falls, then rises.
  const rows = [row(128, 100, 0.40), row(128, 110, 0.41), row(512, 25, 0.42), row(1769, 8, 0.44), row(3008, 7, 0.55), row(3008, 7, 0.55, { contended: true, server_duration_p50_ms: 1 }), row(1769, 1, 1, { param_target: 'docker' })];

  it('groups cells by all but their tier, leaves out disturbed runs and other targets, and recommends as power-tuning does', () => {
    const [group, ...rest] = lambdaTiers(rows);
    assert.equal(rest.length, 0);
    assert.equal(group?.label, 'cpu lambda-local GOMAXPROCS=unset');
    assert.deepEqual(group?.tiers.map((t) => [t.memoryMb, t.durationMs, t.runs]), [[128, 105, 2], [512, 25, 1], [1769, 8, 1], [3008, 7, 1]]);
    assert.equal(group?.recommended.cost?.memoryMb, 128);
    assert.equal(group?.recommended.speed?.memoryMb, 3008);
    // 512: 0.5 × 0.42/0.55 + 0.5 × 25/105 = 0.501; 1769: 0.5 × 0.44/0.55 + 0.5 × 8/105 = 0.438.
    assert.equal(group?.recommended.balanced?.memoryMb, 1769);
  });

  it('writes a table per group and a chart that renders', async () => {
    const groups = lambdaTiers(rows);
    const md = lambdaTiersMarkdown(groups);
    assert.match(md, /\| 128 +\| 0\.072 +\| 105\.00 +\|.*\| cost +\|/);
    assert.match(md, /\| 1769 .*\| balanced +\|/);
    const chart = lambdaTierChart(groups);
    assert.ok(chart);
    assert.match(await renderSvg(chart.spec), /<svg/);
    assert.equal(lambdaTiersMarkdown([]), '');
  });
});
