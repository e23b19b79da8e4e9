import { markdownTable } from 'markdown-table';
import type { CellSummary } from '../summarize/cells.ts';
import type { ResultRow } from '../types.ts';
import type { SweepMeta } from '../write/meta.ts';
import { formatQuantity, judgeClaim, type ClaimResult } from './claims.ts';
import { cellsMarkdown, markdownHeader } from './export.ts';

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

/** A markdown report: each claim's verdict with what was measured, then every cell. */
export function reportMarkdown(meta: SweepMeta | null, results: ClaimResult[], summaries: CellSummary[]): string {
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
  return `${markdownHeader(meta)}## Claims\n\n${claims}\n## Cells\n\n${cellsMarkdown(summaries)}`;
}
