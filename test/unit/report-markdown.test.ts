import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Chart } from '../../src/report/charts.ts';
import { reportMarkdown } from '../../src/report/report.ts';

const chart = (id: string, title: string, notes: string[] = []): Chart => ({ id, title, notes, spec: { mark: 'point' } as Chart['spec'] });

describe('report.md (#4)', () => {
  it('links every chart under a Charts heading, the PNG beside the SVG where it was written', () => {
    const charts = [chart('p99', 'p99 latency (median of runs)', ['no 95% interval: 2 runs a cell, 6 needed']), chart('throughput', 'Throughput (median of runs)')];
    const md = reportMarkdown(null, [], [], { charts, pngs: true });
    assert.match(md, /\n## Charts\n/);
    assert.match(md, /- \[p99 latency \(median of runs\)\]\(charts\/p99\.svg\) \(\[PNG\]\(charts\/p99\.png\)\): no 95% interval: 2 runs a cell, 6 needed\n/);
    assert.match(md, /- \[Throughput \(median of runs\)\]\(charts\/throughput\.svg\) \(\[PNG\]\(charts\/throughput\.png\)\)\n/);
    assert.doesNotMatch(reportMarkdown(null, [], [], { charts, pngs: false }), /\.png/);
  });

  it('says so when no chart fits', () => {
    assert.match(reportMarkdown(null, [], [], { charts: [], pngs: false }), /## Charts\n\nNo chart fits this sweep's axes\./);
  });
});
