import { markdownTable } from 'markdown-table';
import type { CellSummary } from '../summarize/cells.ts';
import type { ResultRow, SweepMeta } from '../types.ts';
import { cellFlags } from './cell-flags.ts';
import type { Chart } from './chart.ts';
import { formatQuantity, judgeClaim, type ClaimResult } from './claims.ts';
import { cellsMarkdown, markdownHeader } from './export.ts';
import { lambdaTiers, lambdaTiersMarkdown } from './lambda-tiers.ts';

/** The claim's bounds with their unit, as the matrix means them: `<= 2 ms`, `>= 500 rps`, `>= 2` for a ratio. */
export function bound(r: ClaimResult): string {
  const { atLeast, atMost } = r.claim;
  const q = (v: number) => formatQuantity(v, r.unit);
  return [atLeast !== undefined ? `>= ${q(atLeast)}` : '', atMost !== undefined ? `<= ${q(atMost)}` : ''].filter(Boolean).join(' and ');
}

function measured(r: ClaimResult): string {
  return `${formatQuantity(r.measured, r.unit)}${r.claim.ratio && r.measured !== null ? '×' : ''} (${r.n})`;
}

function interval(r: ClaimResult): string {
  return r.low === null || r.high === null ? r.interval : `[${formatQuantity(r.low, r.unit)}, ${formatQuantity(r.high, r.unit)}] ${r.interval}`;
}

/** The claims a sweep's matrix carries, judged against its runs. */
export function judgeClaims(meta: SweepMeta | null, rows: ResultRow[]): ClaimResult[] {
  return (meta?.matrix.claims ?? []).filter((c) => typeof c !== 'string').map((c) => judgeClaim(c, rows));
}

/** The charts written beside report.md: each SVG, and its PNG when Chromium drew one. */
export interface ChartFiles {
  charts: Chart[];
  pngs: boolean;
}

/** A list of links to the charts, each with what its picture cannot say. */
function chartsMarkdown({ charts, pngs }: ChartFiles, summaries: CellSummary[]): string {
  if (charts.length === 0) return "No chart fits this sweep's axes.\n";
  const line = (c: Chart) => `- [${c.title}](charts/${c.id}.svg)${pngs ? ` ([PNG](charts/${c.id}.png))` : ''}${c.notes.length ? `: ${c.notes.join('; ')}` : ''}`;
  const flagged = summaries.some((s) => cellFlags(s).length > 0) ? '\nCharts mark flagged cells: a hollow point with its flags beside it, or the flags in brackets after the cell (see Flags under Cells).\n' : '';
  return `${charts.map(line).join('\n')}\n${flagged}`;
}

/** A markdown report: each claim's verdict with what was measured, links to the charts, then every cell. */
export function reportMarkdown(meta: SweepMeta | null, results: ClaimResult[], summaries: CellSummary[], files: ChartFiles = { charts: [], pngs: false }, rows: ResultRow[] = []): string {
  const claims =
    results.length === 0
      ? 'This matrix states no claim with a bound.\n'
      : `${markdownTable([
          ['claim', 'says', 'measured', 'interval', 'needs', 'verdict'],
          ...results.map((r) => [
            r.claim.id,
            r.claim.says,
            measured(r),
            interval(r),
            bound(r),
            `**${r.verdict}**`,
          ]),
        ])}\n`;
  const tiers = lambdaTiersMarkdown(lambdaTiers(rows));
  return `${markdownHeader(meta)}## Claims\n\n${claims}\n${tiers ? `${tiers}\n` : ''}## Charts\n\n${chartsMarkdown(files, summaries)}\n## Cells\n\n${cellsMarkdown(summaries)}`;
}
