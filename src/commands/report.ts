import fs from 'node:fs';
import path from 'node:path';
import { loadMatrix } from '../matrix/index.ts';
import { chartsFor, renderSvg } from '../report/charts.ts';
import { launchChromium } from '../report/chromium.ts';
import { reportHtml } from '../report/html.ts';
import { judgeClaims, reportMarkdown } from '../report/report.ts';
import { summarizeCells } from '../summarize/cells.ts';
import { readColdStartRows } from '../write/results-writer.ts';
import { EXIT_OK } from './exit-codes.ts';
import { readResults } from './results-arg.ts';

export const REPORT_FILE = 'report.md';
export const REPORT_HTML_FILE = 'report.html';
/** The claims' verdicts as data, for scripts and tests: the tables pad and style them. */
export const CLAIMS_FILE = 'claims.json';

/** Renders each chart's SVG to PNG in headless Chromium; false when there is no Chromium. */
async function writePngs(svgs: Array<{ id: string; svg: string }>, dir: string): Promise<boolean> {
  const browser = await launchChromium();
  if (!browser) return false;
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2 });
    for (const { id, svg } of svgs) {
      await page.setContent(`<body style="margin:0">${svg}</body>`);
      await page.locator('svg').first().screenshot({ path: path.join(dir, `${id}.png`) });
    }
    return true;
  } finally {
    await browser.close();
  }
}

/**
 * Writes report.md, report.html and charts/ (SVG, and PNG where Chromium is
 * installed) into a results folder (`results`: the folder or its results.csv).
 * Claims come from the sweep's matrix, or from `opts.claims`, a matrix file
 * whose claims judge these results instead. stdout carries the markdown alone;
 * what was written, and what was not, goes to stderr.
 */
export async function reportCommand(results: string, opts: { claims?: string } = {}): Promise<number> {
  const { dir, rows, meta } = readResults(results);
  const coldStarts = readColdStartRows(dir);
  if (meta && opts.claims) meta.matrix.claims = loadMatrix(opts.claims).claims;
  const summaries = summarizeCells(rows);

  const charts = chartsFor(summaries, rows, coldStarts);
  const rendered = await Promise.all(charts.map(async (chart) => ({ chart, svg: await renderSvg(chart.spec) })));
  const chartDir = path.join(dir, 'charts');
  fs.mkdirSync(chartDir, { recursive: true });
  for (const { chart, svg } of rendered) {
    fs.writeFileSync(path.join(chartDir, `${chart.id}.svg`), svg);
    fs.writeFileSync(path.join(chartDir, `${chart.id}.vl.json`), `${JSON.stringify(chart.spec, null, 2)}\n`);
  }
  const pngs = await writePngs(rendered.map(({ chart, svg }) => ({ id: chart.id, svg })), chartDir);

  const claims = judgeClaims(meta, rows);
  const markdown = reportMarkdown(meta, claims, summaries, { charts, pngs }, rows);
  fs.writeFileSync(path.join(dir, REPORT_FILE), markdown);
  fs.writeFileSync(path.join(dir, REPORT_HTML_FILE), reportHtml(meta, claims, summaries, rendered));
  fs.writeFileSync(path.join(dir, CLAIMS_FILE), `${JSON.stringify(claims, null, 2)}\n`);
  process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  process.stderr.write(`written: ${path.join(dir, REPORT_FILE)}, ${path.join(dir, REPORT_HTML_FILE)}, ${path.join(dir, CLAIMS_FILE)}, ${rendered.length} chart(s) in ${chartDir}\n`);
  if (!pngs && rendered.length > 0) process.stderr.write('PNG charts skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)\n');
  return EXIT_OK;
}
