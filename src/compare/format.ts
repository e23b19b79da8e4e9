import Table from 'cli-table3';
import { markdownTable } from 'markdown-table';
import pc from 'picocolors';
import type { Comparison, CompareReport } from './compare.ts';
import { metricByName } from './metrics.ts';

function show(metric: string, value: number | null): string {
  if (value === null) return '-';
  switch (metricByName(metric)?.unit) {
    case 'us':
      return `${(value / 1000).toFixed(2)} ms`;
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case 'bytes':
      return `${(value / 1024 ** 2).toFixed(1)} MiB`;
    default:
      return Math.round(value).toLocaleString('en-US');
  }
}

function cells(c: Comparison): string[] {
  const delta = c.deltaPct === null ? '' : `${c.deltaPct >= 0 ? '+' : ''}${c.deltaPct.toFixed(1)}%`;
  const p = c.pValue === null ? '' : `p=${c.pValue.toFixed(3)}`;
  return [
    c.cellLabel,
    c.metric,
    `${show(c.metric, c.baseMedian)} (n=${c.baseN})`,
    `${show(c.metric, c.candidateMedian)} (n=${c.candidateN})`,
    c.verdict === '~' || c.verdict === 'too few runs' || c.verdict === 'missing' ? c.verdict : `${delta} ${p}`,
    c.breach ? `BREACH ${c.breach}` : c.verdict === 'worse' || c.verdict === 'better' ? c.verdict : '',
  ];
}

const HEAD = ['cell', 'metric', 'baseline', 'candidate', 'change', 'verdict'];

function footer(r: CompareReport): string[] {
  const lines: string[] = [];
  if (r.comparisons.some((c) => c.verdict === 'too few runs')) {
    lines.push('too few runs: with fewer than 4 repetitions a side, no change can be significant at p < 0.05; raise run.repetitions.');
  }
  if (r.onlyInBase.length) lines.push(`cells only in the baseline: ${r.onlyInBase.join(', ')}`);
  if (r.onlyInCandidate.length) lines.push(`cells only in the candidate: ${r.onlyInCandidate.join(', ')}`);
  lines.push(r.breaches.length === 0 ? 'gate: pass' : `gate: FAIL, ${r.breaches.length} regression(s): ${r.breaches.map((b) => `${b.cellLabel} ${b.metric} (${b.breach})`).join('; ')}`);
  return lines;
}

export function formatTable(r: CompareReport): string {
  const t = new Table({ head: HEAD, style: { head: [], border: [] } });
  t.push(
    ...r.comparisons.map((c) => {
      const row = cells(c);
      if (c.breach) row[5] = pc.red(row[5] ?? '');
      else if (c.verdict === 'better') row[5] = pc.green(row[5] ?? '');
      return row;
    }),
  );
  return [t.toString(), ...footer(r)].join('\n');
}

/** Markdown, ready for a GitHub Actions job summary. */
export function formatMarkdown(r: CompareReport): string {
  return [
    '## gosweep compare',
    '',
    markdownTable([HEAD, ...r.comparisons.map(cells)]),
    '',
    ...footer(r).map((l) => `- ${l}`),
    '',
  ].join('\n');
}

export function formatJson(r: CompareReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
