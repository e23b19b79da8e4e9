import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { toBenchmarkText } from '../../src/report/export.ts';
import type { ResultRow } from '../../src/types.ts';
import { toResultRow } from '../../src/write/columns.ts';
import { fileDoc } from '../../src/write/file-docs.ts';
import { RESULTS_FILE } from '../../src/write/results-writer.ts';
import { typedRows } from '../../src/write/typed-rows.ts';
import { matrix } from '../helpers/matrix.ts';
import { cells, completedOutcome } from '../helpers/outcomes.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** A row as readResultRows gives it back: written as CSV text (null empty), then read as its columns' kinds. */
const asRead = (row: ResultRow): ResultRow =>
  typedRows([Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]))], fileDoc(RESULTS_FILE))[0] as ResultRow;
const run = (cell: number, repetition: number, throttledMs: number) =>
  asRead({ ...toResultRow(completedOutcome(cells[cell]!, repetition), 's', matrix().axes), cpu_throttled_ms: throttledMs });

/** value/unit pairs of each Benchmark line. */
const measurements = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('Benchmark'))
    .map((l) => {
      const fields = l.split(/\s+/).slice(2);
      return Object.fromEntries(fields.flatMap((f, i) => (i % 2 === 1 ? [[f, fields[i - 1]]] : [])));
    });

/** benchstat (benchunit.Tidy) rescales an `ns` or `MB` token of a unit's numerator, but leaves a 0 in the unit it came in. */
const rescaled = (unit: string) => (unit.split('/')[0] ?? '').split(/[-*\s]/).some((t) => t === 'ns' || t === 'MB');

async function findBenchstat(): Promise<string | null> {
  for (const candidate of ['benchstat', path.join(os.homedir(), 'go', 'bin', 'benchstat')]) {
    const r = await execa(candidate, ['-h'], { reject: false });
    if (r.exitCode !== undefined && !r.failed) return candidate;
    if (/usage/i.test(`${r.stderr}${r.stdout}`)) return candidate;
  }
  return null;
}

describe('benchstat export', () => {
  const rows = [1, 2, 3, 4, 5, 6].flatMap((rep) => [run(0, rep, 0), run(1, rep, 120.5)]);

  it('emits every metric on every run line, a 0 as 0, in units benchstat keeps as they are', () => {
    const lines = measurements(toBenchmarkText(rows, null));
    assert.equal(lines.length, 12);
    const units = Object.keys(lines[0]!);
    for (const line of lines) assert.deepEqual(Object.keys(line), units, 'the same metrics on every line');
    assert.deepEqual(units.filter(rescaled), [], 'no unit that benchstat rescales (a 0 would keep the old unit and land in a table of its own)');
    assert.equal(lines[0]!['throttled-sec'], '0');
    assert.equal(lines[1]!['throttled-sec'], '0.1205');
    assert.equal(lines[0]!['p99-sec'], '0.005');
    assert.equal(lines[0]!['cold-start-sec'], '0.100123');
    assert.equal(lines[0]!['peak-B'], '7000000');
    assert.equal(lines[0]!['req/s'], '495');
  });

  it('reads in benchstat as one table per metric, zeros included', async (t) => {
    const benchstat = await findBenchstat();
    if (!benchstat) return t.skip('benchstat is not installed (go install golang.org/x/perf/cmd/benchstat@latest)');
    const file = path.join(tmpDir(t), 'sweep.txt');
    fs.writeFileSync(file, toBenchmarkText(rows, null));
    const r = await execa(benchstat, ['-format', 'csv', file]);
    assert.doesNotMatch(r.stderr, /sweep\.txt:\d+:/, 'no line benchstat cannot parse');
    const tableUnits = r.stdout.split('\n').flatMap((l) => /^,([^,]+),CI$/.exec(l)?.slice(1) ?? []);
    assert.equal(tableUnits.filter((u) => u.startsWith('throttled')).length, 1, r.stdout);
    assert.equal(new Set(tableUnits).size, tableUnits.length, 'no metric split over two tables');
  });
});
