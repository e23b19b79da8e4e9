import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, gosweep } from '../helpers/cli.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';

/** test/fixtures/compare/<name>: results.csv of hello and cpu (see its README.md). */
const sweep = (name: string) => fixture('compare', name);

/** A copy of a fixture sweep to write into. */
function copyOf(t: { after: (fn: () => void) => void }, name: string): string {
  const dir = tmpDir(t);
  fs.copyFileSync(path.join(sweep(name), 'results.csv'), path.join(dir, 'results.csv'));
  return dir;
}

describe('compare: --markdown-out and --json-out, and their old names (#13)', () => {
  it('writes the markdown and the JSON it prints with --format', async (t) => {
    const dir = tmpDir(t);
    const md = writeFile(dir, 'summary.md', 'before\n');
    const json = path.join(dir, 'compare.json');
    const args = ['compare', sweep('six-runs'), sweep('six-runs-latency-x1.5')];
    const r = await gosweep([...args, '--markdown-out', md, '--json-out', json]);
    assert.equal(r.exitCode, 1, r.all);
    assert.match(r.stdout, /^gate: FAIL/m, 'the table still on stdout');
    const markdown = await gosweep([...args, '--format', 'markdown']);
    const asJson = await gosweep([...args, '--format', 'json']);
    // execa drops stdout's final newline.
    assert.equal(fs.readFileSync(md, 'utf8'), `before\n${markdown.stdout}\n`, '--markdown-out appends, as $GITHUB_STEP_SUMMARY wants');
    assert.equal(fs.readFileSync(json, 'utf8'), `${asJson.stdout}\n`);
  });

  it('still takes --markdown-file and --json-file, out of --help, and refuses an option with its old name', async (t) => {
    const dir = tmpDir(t);
    const args = ['compare', sweep('six-runs'), sweep('six-runs-latency-x1.5')];
    const now = await gosweep([...args, '--markdown-out', path.join(dir, 'now.md'), '--json-out', path.join(dir, 'now.json')]);
    const old = await gosweep([...args, '--markdown-file', path.join(dir, 'old.md'), '--json-file', path.join(dir, 'old.json')]);
    assert.equal(old.exitCode, now.exitCode, old.all);
    assert.equal(fs.readFileSync(path.join(dir, 'old.md'), 'utf8'), fs.readFileSync(path.join(dir, 'now.md'), 'utf8'));
    assert.equal(fs.readFileSync(path.join(dir, 'old.json'), 'utf8'), fs.readFileSync(path.join(dir, 'now.json'), 'utf8'));

    const help = await gosweep(['compare', '--help']);
    assert.match(help.stdout, /--markdown-out <file>/);
    assert.match(help.stdout, /--json-out <file>/);
    assert.doesNotMatch(help.stdout, /--markdown-file|--json-file/);

    const both = await gosweep([...args, '--markdown-out', path.join(dir, 'a.md'), '--markdown-file', path.join(dir, 'b.md')]);
    assert.equal(both.exitCode, 2, both.all);
    assert.match(both.stderr, /option '--markdown-out <file>' cannot be used with option '--markdown-file <file>'/);
  });
});

describe('report and export take a results folder or its results.csv (#13)', () => {
  it('export gives the same from the folder and from its results.csv, to stdout or --out', async (t) => {
    const dir = copyOf(t, 'six-runs');
    const fromDir = await gosweep(['export', dir, '--format', 'json']);
    const fromCsv = await gosweep(['export', path.join(dir, 'results.csv'), '--format', 'json']);
    assert.equal(fromCsv.exitCode, 0, fromCsv.all);
    assert.equal(fromCsv.stdout, fromDir.stdout);
    assert.equal((JSON.parse(fromCsv.stdout) as { runs: unknown[] }).runs.length, 12);
    const out = path.join(tmpDir(t), 'sweep.txt');
    const toFile = await gosweep(['export', path.join(dir, 'results.csv'), '--format', 'benchstat', '--out', out]);
    assert.equal(toFile.exitCode, 0, toFile.all);
    assert.equal(toFile.stdout, '');
    assert.equal(fs.readFileSync(out, 'utf8').match(/^BenchmarkSweep\/.* req\/s /gm)?.length, 12, 'a benchmark line per run');
  });

  it('report of a results.csv writes into its folder; stdout is the markdown alone, the notices go to stderr', async (t) => {
    const dir = copyOf(t, 'six-runs');
    const r = await gosweep(['report', path.join(dir, 'results.csv')]);
    assert.equal(r.exitCode, 0, r.all);
    const reportMd = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.equal(`${r.stdout}\n`, reportMd, 'report > file gives report.md');
    assert.doesNotMatch(r.stdout, /^written: |^PNG charts skipped/m);
    assert.match(r.stderr, new RegExp(`^written: ${path.join(dir, 'report.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, .*report\\.html, .*claims\\.json, \\d+ chart\\(s\\) in `, 'm'));
    assert.ok(fs.existsSync(path.join(dir, 'claims.json')));
  });

  it('says what to pass when there are no results, exit 2', async (t) => {
    const empty = tmpDir(t);
    const report = await gosweep(['report', empty]);
    assert.equal(report.exitCode, 2, report.all);
    assert.match(report.stderr, /: no results\.csv in this folder\n {2}fix: pass a results folder \(.*\) or its results\.csv/);
    const exported = await gosweep(['export', path.join(empty, 'nope.csv'), '--format', 'json']);
    assert.equal(exported.exitCode, 2, exported.all);
    assert.match(exported.stderr, /nope\.csv: no results folder or results\.csv here\n {2}fix: /);
    assert.deepEqual(fs.readdirSync(empty), [], 'report wrote nothing');
  });
});
