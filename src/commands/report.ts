import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { loadMatrix } from '../matrix/index.ts';
import { chartsFor, renderSvg } from '../report/charts.ts';
import { launchChromium } from '../report/chromium.ts';
import { reportHtml } from '../report/html.ts';
import { judgeClaims, reportMarkdown } from '../report/report.ts';
import { summarizeCells } from '../summarize/cells.ts';
import { META_FILE, readMeta } from '../write/meta.ts';
import { readColdStartRows, readResultRows, RESULTS_FILE } from '../write/results-writer.ts';
import { EXIT_OK } from './exit-codes.ts';

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
 * installed) into a results folder. Claims come from the sweep's matrix, or
 * from `claimsFrom`, a matrix file whose claims judge these results instead.
 */
export async function reportCommand(dir: string, opts: { claims?: string } = {}): Promise<number> {
  if (!fs.existsSync(path.join(dir, RESULTS_FILE))) {
    throw new UsageError([{ file: dir, line: 0, col: 0, path: '', message: 'no results.csv in this folder', fix: 'pass a results folder, e.g. results/gomaxprocs-20261122-101500' }]);
  }
  const rows = readResultRows(dir);
  const coldStarts = readColdStartRows(dir);
  const meta = fs.existsSync(path.join(dir, META_FILE)) ? readMeta(dir) : null;
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
  process.stdout.write(`${markdown}\n`);
  process.stdout.write(`written: ${path.join(dir, REPORT_FILE)}, ${path.join(dir, REPORT_HTML_FILE)}, ${path.join(dir, CLAIMS_FILE)}, ${rendered.length} chart(s) in ${chartDir}\n`);
  if (!pngs && rendered.length > 0) process.stdout.write('PNG charts skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)\n');
  return EXIT_OK;
}
