import { NOISY_CV } from '../summarize/cells.ts';
import type { CellSummary } from '../types.ts';

/** What each flag says about a cell, for the line under a table and the notes under a chart. */
const MEANINGS: Array<[flag: string, meaning: string]> = [
  ['noisy', `p99 or rps varies over ${NOISY_CV * 100}% across runs`],
  ['oom', 'runs OOM-killed'],
  ['stalled', 'runs stalled at the memory limit'],
  ['unanswered', 'runs in which no request succeeded'],
  ['driver-limited', 'the load generator or the host set the pace of a run'],
  ['contended', 'other processes on the host used CPU during runs, which verdicts leave out'],
  ['failed', 'runs failed'],
];

/** A cell's flags as the console prints them: `noisy`, `oom×2`, `stalled×1`, `unanswered×1`, `driver-limited`, `contended×2`, `failed×1`. */
export function cellFlags(s: CellSummary): string[] {
  return [
    s.noisy ? 'noisy' : '',
    s.oom_killed_runs > 0 ? `oom×${s.oom_killed_runs}` : '',
    s.memory_stalled_runs > 0 ? `stalled×${s.memory_stalled_runs}` : '',
    s.unanswered_runs > 0 ? `unanswered×${s.unanswered_runs}` : '',
    s.driver_limited_runs > 0 ? 'driver-limited' : '',
    s.contended_runs > 0 ? `contended×${s.contended_runs}` : '',
    s.failed > 0 ? `failed×${s.failed}` : '',
  ].filter(Boolean);
}

/** The meaning of each flag these cells carry, `noisy: p99 or rps varies…; …`, or '' when none is flagged. */
export function flagMeanings(summaries: CellSummary[]): string {
  const used = new Set(summaries.flatMap(cellFlags).map((f) => f.replace(/×\d+$/, '')));
  return MEANINGS.filter(([flag]) => used.has(flag))
    .map(([flag, meaning]) => `${flag}: ${meaning}`)
    .join('; ');
}
