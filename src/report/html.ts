import escape from 'escape-html';
import type { CellSummary, SweepMeta } from '../types.ts';
import { CELL_COLUMNS } from './cell-columns.ts';
import { flagMeanings } from './cell-flags.ts';
import type { Chart } from './chart.ts';
import { formatQuantity, type ClaimResult } from './claims.ts';
import { platforms } from './export.ts';
import { bound } from './report.ts';

function table(head: string[], rows: string[][]): string {
  const th = head.map((h) => `<th>${escape(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A self-contained page: no script, no external file; charts inline as SVG with their Vega-Lite specs beside them. */
export function reportHtml(meta: SweepMeta | null, claims: ClaimResult[], summaries: CellSummary[], charts: Array<{ chart: Chart; svg: string }>): string {
  const title = meta ? `${meta.matrix.name} (${meta.sweepId})` : 'gosweep report';
  const host = meta ? `${meta.host.cpuModel}, ${meta.host.cpus} CPUs, kernel ${meta.host.kernel}, ${platforms(meta)}, ${meta.host.go}, seed ${meta.seed}` : '';
  const claimRows = claims.map((r) => [
    escape(r.claim.id),
    escape(r.claim.says),
    `${escape(formatQuantity(r.measured, r.unit))}${r.claim.ratio && r.measured !== null ? '×' : ''} <small>(${escape(r.n)})</small>`,
    r.low === null ? escape(r.interval) : `[${escape(formatQuantity(r.low, r.unit))}, ${escape(formatQuantity(r.high, r.unit))}] <small>${escape(r.interval)}</small>`,
    escape(bound(r)),
    `<strong class="verdict ${r.verdict.replace(' ', '-')}">${escape(r.verdict)}</strong>`,
  ]);
  const cellRows = summaries.map((s) => CELL_COLUMNS.map((c) => escape(c.value(s))));
  const meanings = flagMeanings(summaries);
  const figures = charts
    .map(({ chart, svg }) => `<figure class="chart" data-chart="${escape(chart.id)}" aria-label="${escape(chart.title)}">${svg}<script type="application/json" class="vega-lite-spec">${JSON.stringify(chart.spec).replace(/</g, '\\u003c')}</script></figure>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left; }
.verdict.reproduced { color: #1a7f37; } .verdict.not-reproduced { color: #cf222e; } .verdict.inconclusive { color: #9a6700; }
figure.chart { display: inline-block; margin: 1rem 1rem 1rem 0; } figcaption { color: #555; }
td:last-child { white-space: nowrap; } p.flags { color: #555; }
</style></head><body>
<h1>${escape(title)}</h1>
<p>${escape(host)}</p>
<h2>Claims</h2>
${claims.length ? table(['claim', 'says', 'measured', 'interval', 'needs', 'verdict'], claimRows) : '<p>This matrix states no claim with a bound.</p>'}
<h2>Charts</h2>
${figures || '<p>No chart fits this sweep\'s axes.</p>'}
<h2>Cells</h2>
${table(CELL_COLUMNS.map((c) => c.head), cellRows)}
${meanings ? `<p class="flags">Flags: ${escape(meanings)}.</p>\n` : ''}</body></html>
`;
}
