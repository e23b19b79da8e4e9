import { markdownTable } from 'markdown-table';
import { median } from 'simple-statistics';
import { recommendTier, type TierRecommendation } from '../summarize/lambda-cost.ts';
import type { ResultRow } from '../types.ts';
import { VEGA_LITE_SCHEMA } from './chart-axes.ts';
import type { Chart } from './chart.ts';

/** One memory tier of a group of Lambda cells: medians over its runs. */
export interface Tier {
  memoryMb: number;
  /** Lambda's Duration (REPORT), warm, median of the runs' p50: what the tier is judged on. */
  durationMs: number;
  /** Per invocation, request fee included. */
  costUsd: number;
  initMs: number | null;
  billedMs: number | null;
  runs: number;
}

/** The tiers of cells that differ only in lambda.memory, and the tier to pick by cost, by speed and balanced. */
export interface TierGroup {
  /** The other parameters the group shares, in words: `cpu GOMAXPROCS=1 lambda-local`. */
  label: string;
  tiers: Tier[];
  recommended: TierRecommendation<Tier>;
}

const DISTURBED = ['driver_limited', 'contended'] as const;
const medianOf = (values: Array<number | null | undefined>) => {
  const present = values.filter((v): v is number => v != null);
  return present.length === 0 ? null : median(present);
};

/** Lambda cells grouped by everything but their tier; undisturbed completed runs only. */
export function lambdaTiers(rows: ResultRow[]): TierGroup[] {
  const usable = rows.filter((r) => String(r.param_target ?? '').startsWith('lambda') && r.status === 'completed' && typeof r.param_lambda_memory === 'number' && !DISTURBED.some((c) => r[c] === true));
  const groups = new Map<string, ResultRow[]>();
  for (const r of usable) {
    const label = Object.entries(r)
      .filter(([k]) => k.startsWith('param_') && k !== 'param_lambda_memory' && k !== 'param_concurrency')
      .map(([k, v]) => (k === 'param_workload' || k === 'param_target' ? String(v) : `${k.replace(/^param_(env_)?/, '')}=${v === '' || v === null ? 'unset' : String(v)}`))
      .join(' ');
    groups.set(label, [...(groups.get(label) ?? []), r]);
  }
  return [...groups].map(([label, group]) => {
    const byTier = new Map<number, ResultRow[]>();
    for (const r of group) byTier.set(Number(r.param_lambda_memory), [...(byTier.get(Number(r.param_lambda_memory)) ?? []), r]);
    const tiers = [...byTier]
      .sort(([a], [b]) => a - b)
      .flatMap(([memoryMb, runs]): Tier[] => {
        const durationMs = medianOf(runs.map((r) => r.server_duration_p50_ms));
        const costPer1m = medianOf(runs.map((r) => r.cost_usd_per_1m));
        if (durationMs === null || costPer1m === null) return [];
        return [{ memoryMb, durationMs, costUsd: costPer1m / 1e6, initMs: medianOf(runs.map((r) => r.init_ms_median)), billedMs: medianOf(runs.map((r) => r.billed_duration_ms)), runs: runs.length }];
      });
    return { label, tiers, recommended: recommendTier(tiers) };
  }).filter((g) => g.tiers.length > 1);
}

const fixed = (v: number | null, digits: number) => (v === null ? '-' : v.toFixed(digits));

/** Each group's tiers as a table, with the recommended tiers named. */
export function lambdaTiersMarkdown(groups: TierGroup[]): string {
  if (groups.length === 0) return '';
  const parts = groups.map((g) => {
    const mark = (t: Tier) => (['cost', 'speed', 'balanced'] as const).filter((k) => g.recommended[k] === t).join(', ');
    const table = markdownTable([
      ['memory MB', 'vCPU', 'handler ms (p50)', 'Init ms', 'billed ms', 'USD per 1M', 'runs', 'recommended for'],
      ...g.tiers.map((t) => [String(t.memoryMb), (t.memoryMb / 1769).toFixed(3), fixed(t.durationMs, 2), fixed(t.initMs, 1), fixed(t.billedMs, 0), (t.costUsd * 1e6).toFixed(4), String(t.runs), mark(t)]),
    ]);
    return `### ${g.label}\n\n${table}\n`;
  });
  return `## Lambda tiers\n\nHandler time is Lambda's warm Duration (REPORT line), the median of each run's p50; cost is per million invocations at the median billed duration, request fee included (summarize/lambda-prices.ts). The balanced tier minimises cost / max cost + duration / max duration, as aws-lambda-power-tuning does.\n\n${parts.join('\n')}`;
}

/** Handler time and cost by tier, one panel per group, the balanced tier marked. */
export function lambdaTierChart(groups: TierGroup[]): Chart | null {
  if (groups.length === 0) return null;
  const x = { field: 'tier', type: 'ordinal', title: 'lambda.memory (MB)', axis: { labelAngle: 0 } };
  const panel = (g: TierGroup) => ({
    title: g.label,
    data: { values: g.tiers.map((t) => ({ tier: t.memoryMb, duration: t.durationMs, cost: t.costUsd * 1e6, balanced: g.recommended.balanced === t })) },
    width: 360,
    height: 180,
    layer: [
      { mark: { type: 'line', point: true, color: '#4c78a8' }, encoding: { x, y: { field: 'duration', type: 'quantitative', title: 'handler ms (p50)', scale: { type: 'log' }, axis: { titleColor: '#4c78a8' } } } },
      { mark: { type: 'line', point: true, color: '#f58518', strokeDash: [4, 3] }, encoding: { x, y: { field: 'cost', type: 'quantitative', title: 'USD per 1M invocations', axis: { titleColor: '#f58518' } } } },
      { transform: [{ filter: 'datum.balanced' }], mark: { type: 'rule', color: '#54a24b', strokeWidth: 2 }, encoding: { x } },
    ],
    resolve: { scale: { y: 'independent' } },
  });
  const spec = { $schema: VEGA_LITE_SCHEMA, title: { text: 'Lambda: handler time and cost by memory tier', subtitle: 'green rule: the balanced tier' }, vconcat: groups.map(panel) };
  return { id: 'lambda-tiers', title: 'Lambda: handler time and cost by memory tier', notes: ['solid: handler ms (log scale, left); dashed: USD per 1M invocations (right); green rule: the balanced tier'], spec: spec as unknown as Chart['spec'] };
}
