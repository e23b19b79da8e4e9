import Table from 'cli-table3';
import { markdownTable } from 'markdown-table';
import pc from 'picocolors';
import type { CellRuns, Comparison, CompareReport } from './compare.ts';
import type { LeftOut } from './flagged.ts';
import type { Gate } from './gate.ts';
import type { Metric } from './metrics.ts';

function show(unit: Metric['unit'], value: number, signed = false): string {
  const sign = signed && value >= 0 ? '+' : '';
  switch (unit) {
    case 'us':
      return `${sign}${(value / 1000).toFixed(2)} ms`;
    case 'ms':
      return `${sign}${value.toFixed(1)} ms`;
    case 'bytes':
      return `${sign}${(value / 1024 ** 2).toFixed(1)} MiB`;
    default:
      return `${sign}${Math.round(value).toLocaleString('en-US')}`;
  }
}

/** The measured change, whatever the verdict: in percent, or in the unit when the baseline is 0. */
function change(c: Comparison): string {
  if (c.deltaPct !== null) return `${c.deltaPct >= 0 ? '+' : ''}${c.deltaPct.toFixed(1)}%`;
  return c.delta === null ? '-' : show(c.unit, c.delta, true);
}

const pText = (p: number | null) => (p === null ? '' : p < 0.001 ? '<0.001' : p.toFixed(3));
const median = (c: Comparison, value: number | null, n: number) => `${value === null ? '-' : show(c.unit, value)} (n=${n})`;
const gateCell = (c: Comparison) => (c.gate === 'fail' ? 'FAIL' : (c.gate ?? ''));

const HEAD = ['cell', 'metric', 'baseline', 'candidate', 'change', 'p', 'verdict', 'gate'];

function cells(c: Comparison): string[] {
  return [c.cellLabel, c.metric, median(c, c.baseMedian, c.baseN), median(c, c.candidateMedian, c.candidateN), change(c), pText(c.pValue), c.verdict, gateCell(c)];
}

function leftOutText(side: string, l: LeftOut): string {
  const flags = Object.entries(l.byFlag).map(([flag, n]) => `${n} ${flag}`);
  return `${side} ${l.runs} of ${l.of} runs (${flags.join(', ')})`;
}

function leftOutLine(cell: CellRuns): string | null {
  const sides = (['baseline', 'candidate'] as const).filter((side) => cell.leftOut[side].runs > 0);
  return sides.length ? `left out: ${cell.cellLabel}: ${sides.map((side) => leftOutText(side, cell.leftOut[side])).join('; ')}` : null;
}

/** Untested comparisons grouped by cell and reason: `hello … p50/p99: 3 and 3 runs; needs 4 runs a side`. */
function untestedItems(g: Gate): string[] {
  const groups = new Map<string, { label: string; why: string; metrics: string[] }>();
  for (const u of g.untested) {
    const key = `${u.cellLabel}\u0000${u.why}`;
    const group = groups.get(key) ?? { label: u.cellLabel, why: u.why, metrics: [] };
    group.metrics.push(u.metric);
    groups.set(key, group);
  }
  return [...groups.values()].map((x) => `  - ${x.label} ${x.metrics.join('/')}: ${x.why}`);
}

/** The verdict, one line per regression or untested group, and the fixes. */
function gateLines(g: Gate): string[] {
  const fixes = g.fixes.map((f) => `  fix: ${f}`);
  const untested = `${g.untested.length} gated comparison(s) could not be tested`;
  switch (g.verdict) {
    case 'none':
      return ['gate: none: no threshold applies to the compared metrics, so nothing was gated'];
    case 'pass':
      return [`gate: pass: ${g.tested} gated comparison(s) tested, none significantly worse beyond its threshold`];
    case 'could not test':
      return [`gate: could not test: ${untested}${g.tested > 0 ? `; the ${g.tested} tested did not regress` : ''}`, ...untestedItems(g), ...fixes];
    case 'fail':
      return [
        `gate: FAIL: ${g.regressions.length} significant regression(s) beyond their threshold`,
        ...g.regressions.map((c) => `  - ${c.cellLabel} ${c.metric} ${change(c)} (limit ${c.threshold?.limit}, ${c.threshold?.source})`),
        ...(g.untested.length ? [`  and ${untested}:`, ...untestedItems(g).map((l) => `  ${l}`)] : []),
      ];
  }
}

function footer(r: CompareReport): string[] {
  const lines: string[] = [];
  if (r.includeFlagged) lines.push('flagged runs (driver_limited, memory_stalled, unanswered, contended) counted: --include-flagged');
  for (const cell of r.cells) {
    const line = leftOutLine(cell);
    if (line) lines.push(line);
  }
  if (r.comparisons.some((c) => c.verdict === 'too few runs')) {
    lines.push(`too few runs: below ${r.runsNeededPerSide} runs a side, no change can be significant at p < ${r.alpha} (Mann-Whitney U)`);
  }
  if (r.onlyInBase.length) lines.push(`cells only in the baseline: ${r.onlyInBase.join(', ')}`);
  if (r.onlyInCandidate.length) lines.push(`cells only in the candidate: ${r.onlyInCandidate.join(', ')}`);
  lines.push(`thresholds: ${r.thresholds.length ? r.thresholds.map((t) => `${t.metric} ${t.limit} (${t.source})`).join(', ') : 'none'}`);
  return [...lines, ...gateLines(r.gate)];
}

/** cli-table3 without borders, columns two spaces apart. */
const PLAIN = {
  chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
};

export function formatTable(r: CompareReport): string {
  const t = new Table({ head: HEAD, ...PLAIN });
  t.push(
    ...r.comparisons.map((c) => {
      const row = cells(c);
      if (c.verdict === 'better') row[6] = pc.green(row[6] ?? '');
      if (c.gate === 'fail') row[7] = pc.red(row[7] ?? '');
      if (c.gate === 'could not test') row[7] = pc.yellow(row[7] ?? '');
      return row;
    }),
  );
  // cli-table3 pads the last column too; trailing spaces help no one.
  const table = t.toString().replace(/ +$/gm, '');
  return [table, '', ...footer(r)].join('\n');
}

/** A footer line as a markdown list item: indented lines (items, fixes) nest under the line above. */
function markdownItem(line: string): string {
  const text = line.trimStart();
  const indent = line.slice(0, line.length - text.length);
  return `${indent}${text.startsWith('- ') ? text : `- ${text}`}`;
}

/** Markdown, ready for a GitHub Actions job summary. */
export function formatMarkdown(r: CompareReport): string {
  return [
    '## gosweep compare',
    '',
    markdownTable([HEAD, ...r.comparisons.map(cells)]),
    '',
    ...footer(r).map(markdownItem),
    '',
  ].join('\n');
}

export function formatJson(r: CompareReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
