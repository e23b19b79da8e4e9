import type { TopLevelSpec } from 'vega-lite';
import type { CellSummary } from '../types.ts';
import { axisOrder, axisValue, fieldOf, varying, titled, VEGA_LITE_SCHEMA } from './chart-axes.ts';
import { cellFlags, flagMeanings } from './cell-flags.ts';
import type { Chart } from './chart.ts';

/** Axes the OOM chart draws itself: memory on x, GOMEMLIMIT and build tags as bars side by side. */
const OWN_AXES = ['param_memory', 'param_env_GOMEMLIMIT', 'param_build_tags'];

/**
 * OOM-killed runs per memory limit, drawn only when memory takes more than one
 * value and some run was killed. Other flags are printed above the bar.
 */
export function oomByMemory(summaries: CellSummary[]): Chart | null {
  const axes = varying(summaries);
  if (!axes.includes('param_memory') || summaries.every((s) => !Number(s.oom_killed_runs))) return null;
  const facet = axes.find((a) => !OWN_AXES.includes(a));
  const values = summaries.map((s) => ({
    cell: s.cell_label,
    memory: axisValue(s.param_memory),
    variant: [s.param_env_GOMEMLIMIT !== undefined ? `GOMEMLIMIT=${axisValue(s.param_env_GOMEMLIMIT)}` : '', s.param_build_tags !== undefined ? `tags=${axisValue(s.param_build_tags)}` : ''].filter(Boolean).join(' ') || 'all',
    oom_killed_runs: s.oom_killed_runs,
    flags: cellFlags(s).filter((f) => !f.startsWith('oom×')).join(' '),
    ...(facet ? { [fieldOf(facet)]: axisValue(s[facet]) } : {}),
  }));
  const x = { field: 'memory', type: 'ordinal', sort: axisOrder(values.map((v) => v.memory)), axis: { labelAngle: 0 } };
  const y = { field: 'oom_killed_runs', type: 'quantitative', title: 'OOM-killed runs', axis: { tickMinStep: 1 } };
  const layer = [
    { mark: 'bar', encoding: { x, xOffset: { field: 'variant' }, y, color: { field: 'variant', type: 'nominal' }, tooltip: [{ field: 'cell' }, { field: 'oom_killed_runs' }, { field: 'flags' }] } },
    { transform: [{ filter: "datum.flags !== ''" }], mark: { type: 'text', dy: -6, fontSize: 10, color: '#444' }, encoding: { x, xOffset: { field: 'variant' }, y, text: { field: 'flags' } } },
  ];
  // The bars are the OOM kills: only the other flags need saying.
  const meanings = flagMeanings(summaries.map((s) => ({ ...s, oom_killed_runs: 0 })));
  const title = axes.includes('param_env_GOMEMLIMIT') ? 'OOM kills by memory limit and GOMEMLIMIT' : 'OOM kills by memory limit';
  const head = { $schema: VEGA_LITE_SCHEMA, title: titled(title, [meanings ? `other flags above the bars (${meanings})` : null]), data: { values } };
  const spec = facet
    ? { ...head, facet: { column: { field: fieldOf(facet), type: 'nominal', sort: axisOrder(summaries.map((s) => s[facet])) } }, spec: { layer, width: 200, height: 200 } }
    : { ...head, layer, width: 200, height: 200 };
  return { id: 'oom-by-memory', title, notes: [], spec: spec as TopLevelSpec };
}
