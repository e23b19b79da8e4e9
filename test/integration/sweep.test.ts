import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { launchChromium } from '../../src/report/chromium.ts';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { numberIn } from '../helpers/rows.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** Opens report.html in headless Chromium and checks that every chart drew its marks. */
async function assertReportRenders(t: TestContext, dir: string, charts: string[]): Promise<void> {
  const browser = await launchChromium();
  if (!browser) {
    assert.ok(!process.env.CI, 'CI installs Chromium (.ci/setup); it must be there');
    t.diagnostic('no Chromium here: the browser check is skipped');
    return;
  }
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${path.resolve(dir, 'report.html')}`);
    assert.deepEqual(await page.locator('figure.chart').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-chart'))), charts);
    for (const id of charts) {
      const marks = await page.locator(`figure[data-chart="${id}"] svg .role-mark > *`).count();
      assert.ok(marks > 0, `chart ${id} drew no marks`);
      const box = await page.locator(`figure[data-chart="${id}"] svg`).boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, `chart ${id} is laid out`);
      assert.ok(fs.existsSync(path.join(dir, 'charts', `${id}.png`)) && fs.existsSync(path.join(dir, 'charts', `${id}.svg`)));
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
}

/** The one results folder a finished `gosweep run --results-dir parent` made. */
function onlyResultsDir(parent: string): string {
  const [name, ...more] = fs.readdirSync(parent);
  assert.ok(name && more.length === 0, `expected one results folder in ${parent}`);
  return path.join(parent, name);
}

describe('a sweep through real Docker and real Go builds', { timeout: 240_000 }, () => {
  after(async () => assert.deepEqual(await managedContainers(), [], 'no container may be left behind'));

  it('measures throttling, GOMAXPROCS and cold starts as they are', async (t) => {
    const parent = tmpDir(t);
    const run = await gosweep(['run', fixture('matrices', 'throttle.yaml'), '--results-dir', parent]);
    assert.equal(run.exitCode, 0, run.all);
    assert.match(run.all, /results: .*results\.csv \(4 completed, 0 failed\)/);
    const dir = onlyResultsDir(parent);
    const rows = readResultRows(dir);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
    assert.equal(rows.length, 4);
    const cell = (cpus: number, gomaxprocs: number | null) => {
      const row = rows.find((r) => r.param_cpus === cpus && r.param_env_GOMAXPROCS === gomaxprocs);
      assert.ok(row, `no row for cpus=${cpus} GOMAXPROCS=${gomaxprocs ?? 'unset'}`);
      return row;
    };

    // Half a CPU under four CPU-bound connections must be throttled; two CPUs on a
    // two-core host with GOMAXPROCS=2 cannot exceed the quota.
    for (const g of [null, 3]) assert.ok((cell(0.5, g).cpu_throttled_ms ?? 0) > 100, `throttled at 0.5 CPU, GOMAXPROCS=${g ?? 'unset'}`);
    assert.equal(cell(2, null).cpu_throttled_ms, 0);
    assert.ok((cell(0.5, null).cpu_throttled_periods ?? 0) > 0);

    // What the runtime saw: the env when set; Go 1.25+'s cgroup-derived value (floor 2) when not.
    assert.equal(cell(0.5, 3).gomaxprocs, 3);
    assert.equal(cell(2, 3).gomaxprocs, 3);
    assert.equal(cell(0.5, null).gomaxprocs, 2);
    assert.equal(cell(2, null).gomaxprocs, 2);

    for (const row of rows) {
      assert.equal(row.status, 'completed');
      // NumCPU follows the affinity mask: every host CPU, or the pinned set.
      const pinned = /^1-(\d+)$/.exec(String(row.sut_cpuset));
      assert.equal(row.num_cpu, pinned ? Number(pinned[1]) : Number(meta.host.targets.docker!.cpus));
      assert.match(String(row.go_version), /^go1\.\d+/);
      const cold = row.cold_start_ms_median ?? 0;
      assert.ok(cold > 1 && cold < 15_000, `cold start ${cold} ms`);
      assert.ok((row.create_ms_median ?? 0) > 0 && (row.start_ms_median ?? 0) > 0);
      assert.ok((row.rps ?? 0) > 10, `rps ${row.rps}`);
      const [p50, p99, max] = [row.latency_p50_us ?? 0, row.latency_p99_us ?? 0, row.latency_max_us ?? 0];
      assert.ok(p50 > 0 && p50 <= p99 && p99 <= max, `p50 ${p50} p99 ${p99} max ${max}`);
      assert.ok((row.memory_peak_bytes ?? 0) > 1_000_000);
      assert.ok((row.binary_bytes ?? 0) > 1_000_000);
      assert.ok(Math.abs((row.image_bytes ?? 0) - (row.binary_bytes ?? 0)) < 4096, 'a FROM scratch image is the binary');
      assert.equal(row.oom_killed, false);
      assert.ok((row.driver_cpu_cores ?? 0) > 0);
      assert.match(String(row.cpu_isolation), /^(pinned|not pinned)/);
    }

    // Every cold start splits into phases that add up to its total, none negative.
    const coldStarts = readColdStartRows(dir);
    assert.equal(coldStarts.length, 4 * 2);
    for (const s of coldStarts) {
      const phases = ['create_ms', 'start_to_init_ms', 'package_init_ms', 'main_to_listen_ms', 'listen_to_ready_ms'].map((c) => numberIn(s, c) ?? 0);
      assert.ok(phases.every((p) => p >= -0.5), `a negative phase: ${JSON.stringify(s)}`);
      const sum = phases.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - (s.total_ms ?? 0)) < 1, `phases add up to ${sum} ms, total ${s.total_ms} ms`);
      assert.ok((s.first_request_ms ?? 0) > 0);
    }
    const histograms = fs.readFileSync(path.join(dir, 'histograms.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { run_id: string; hdr: string });
    for (const h of histograms) {
      const row = rows.find((r) => r.run_id === h.run_id);
      assert.equal(decodeFromCompressedBase64(h.hdr).totalCount, row?.successes);
    }
    assert.equal(meta.seed, 1);
    assert.ok(meta.finishedAt);
    assert.ok(meta.host.targets.docker!.serverVersion && meta.host.go && meta.host.kernel && meta.host.cpuModel);
    assert.ok(fs.existsSync(path.join(dir, 'summary.csv')));

    // The report: markdown, charts, and a page that renders in a real browser.
    const report = await gosweep(['report', dir]);
    assert.equal(report.exitCode, 0, report.all);
    await assertReportRenders(t, dir, ['p99', 'throughput', 'throttled', 'cold-start-phases']);
  });

  it('runs a user\'s own Go service and records a crashing one as a failed cell', async (t) => {
    const parent = tmpDir(t);
    const run = await gosweep(['run', fixture('matrices', 'own-service.yaml'), '--results-dir', parent]);
    assert.equal(run.exitCode, 1, run.all);
    const rows = readResultRows(onlyResultsDir(parent));
    const own = rows.find((r) => r.param_workload === 'own');
    const crash = rows.find((r) => r.param_workload === 'crash');
    assert.equal(own?.status, 'completed');
    assert.equal(own?.gomaxprocs, null, 'a service without /info reports no runtime facts');
    assert.ok((own?.rps ?? 0) > 10);
    assert.equal(crash?.status, 'failed');
    assert.equal(crash?.error_stage, 'cold-start');
    assert.match(String(crash?.error_message), /exited with code 3.*missing configuration/);
  });
});
