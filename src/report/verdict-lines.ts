import pc from 'picocolors';
import { formatQuantity, type ClaimResult } from './claims.ts';
import { bound } from './report.ts';

const COLOUR = { reproduced: pc.green, 'not reproduced': pc.red, inconclusive: pc.yellow } as const;

/** One line per judged claim, for the console at the end of a sweep: what it says, what was measured, its verdict. */
export function formatVerdicts(results: ClaimResult[]): string {
  return results
    .map((r) => {
      const x = r.claim.ratio && r.measured !== null ? '×' : '';
      const interval = r.low === null ? r.interval : `[${formatQuantity(r.low, r.unit)}${x}, ${formatQuantity(r.high, r.unit)}${x}] ${r.interval}`;
      return `${r.claim.id} ${r.claim.says}: ${formatQuantity(r.measured, r.unit)}${x} ${interval} (${r.n}), needs ${bound(r)}: ${COLOUR[r.verdict](r.verdict)}`;
    })
    .join('\n');
}
