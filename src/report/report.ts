import { markdownTable } from 'markdown-table';
import type { CellSummary } from '../summarize/cells.ts';
import type { ResultRow } from '../types.ts';
import type { SweepMeta } from '../write/meta.ts';
import { judgeClaim, type ClaimResult } from './claims.ts';
import { cellsMarkdown, markdownHeader } from './export.ts';

const fmt = (v: number | null) => (v === null ? '-' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

function bound(r: ClaimResult): string {
  const { atLeast, atMost } = r.claim;
  return [atLeast !== undefined ? `>= ${atLeast}` : '', atMost !== undefined ? `<= ${atMost}` : ''].filter(Boolean).join(' and ');
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
            `${fmt(r.measured)}${r.claim.ratio ? '×' : ''} (${r.n})`,
            r.low === null ? r.interval : `[${fmt(r.low)}, ${fmt(r.high)}] ${r.interval}`,
            bound(r),
            `**${r.verdict}**`,
          ]),
        ])}\n`;
  return `${markdownHeader(meta)}## Claims\n\n${claims}\n## Cells\n\n${cellsMarkdown(summaries)}`;
}
