import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../../src/paths.ts';
import { summarizeCells } from '../../../src/summarize/cells.ts';
import type { CsvValue, ResultRow } from '../../../src/types.ts';
import { coldStartColumns, resultColumns, toColdStartRows, toResultRow } from '../../../src/write/columns.ts';
import { columnNames, DOCUMENTED_FILES, fileDoc, type FileDoc } from '../../../src/write/file-docs.ts';
import type { SweepMeta } from '../../../src/write/meta.ts';
import { matrix } from '../../helpers/matrix.ts';
import { cells, completedOutcome, failedOutcome } from '../../helpers/outcomes.ts';

const axes = matrix().axes;
const params = axes.map((a) => `param_${a.name}`);
const kindOf = (v: CsvValue) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? typeof v : null);

/** Every non-null value of these rows has the kind its file documents. */
function assertKinds(doc: FileDoc, rows: Array<Record<string, CsvValue>>): void {
  const kinds = new Map(doc.fields.map((f) => [f.name, f.kind]));
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (value === null || name.startsWith('param_')) continue;
      assert.equal(kinds.get(name), kindOf(value), `${doc.file} ${name} = ${JSON.stringify(value)}`);
    }
  }
}

/** The keys of the object literal a command builds each CSV line from. */
function literalKeys(file: string, opening: string): string[] {
  const source = fs.readFileSync(path.join(packageRoot, file), 'utf8');
  const body = source.slice(source.indexOf(opening) + opening.length, source.indexOf('}))', source.indexOf(opening)));
  return [...body.matchAll(/^\s*([a-z0-9_]+):/gm)].map((m) => m[1] ?? '');
}

describe('file docs', () => {
  it('documents every file of a results folder', () => {
    assert.deepEqual(DOCUMENTED_FILES, ['results.csv', 'summary.csv', 'cold-starts.csv', 'histograms.jsonl', 'meta.json', 'knee.csv', 'exec-start.csv']);
    for (const file of DOCUMENTED_FILES) {
      const doc = fileDoc(file);
      assert.ok(doc.perLine.length > 0 && doc.fields.length > 0, file);
      for (const f of doc.fields) assert.ok(f.doc.length > 0, `${file} ${f.name} has a doc line`);
    }
  });

  it('results.csv: every column, with the kind toResultRow writes', () => {
    assert.deepEqual(columnNames(fileDoc('results.csv'), params), resultColumns(axes));
    assertKinds(fileDoc('results.csv'), [toResultRow(completedOutcome(cells[0]!, 1), 's', axes), toResultRow(failedOutcome(cells[0]!, 2), 's', axes)]);
  });

  it('summary.csv: every column, with the kind summarizeCells gives', () => {
    const summaries = summarizeCells([1, 2, 3].map((i) => toResultRow(completedOutcome(cells[0]!, i), 's', axes)));
    assert.deepEqual(columnNames(fileDoc('summary.csv'), params), Object.keys(summaries[0]!));
    assertKinds(fileDoc('summary.csv'), summaries as unknown as ResultRow[]);
  });

  it('cold-starts.csv: every column, with the kind toColdStartRows writes', () => {
    assert.deepEqual(columnNames(fileDoc('cold-starts.csv'), params), coldStartColumns(axes));
    assertKinds(fileDoc('cold-starts.csv'), toColdStartRows(completedOutcome(cells[0]!, 1), 's', axes));
  });

  it('meta.json: every field of SweepMeta', () => {
    const meta: SweepMeta = {
      sweepId: 's', matrix: { name: 'm', file: '/m.yaml', hash: 'h', claims: [], gate: [] }, seed: 1, shard: null, cells: 1, runs: 1,
      startedAt: 't', finishedAt: null, stoppedEarly: null,
      host: { cpuModel: 'c', cpus: 2, memoryBytes: 1, kernel: 'k', node: 'v24', go: 'go1.26', targets: { docker: {} } },
      gitRevision: null, argv: [], mergedFrom: [],
    };
    const leaves = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) && k !== 'targets' ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    assert.deepEqual(fileDoc('meta.json').fields.map((f) => f.name), leaves(meta).map((n) => (n === 'host.targets' ? 'host.targets.<target>' : n)));
  });

  it('knee.csv and exec-start.csv: the columns their commands write', () => {
    assert.deepEqual(fileDoc('knee.csv').fields.map((f) => f.name), literalKeys('src/commands/knee.ts', 'steps.map((s) => ({'));
    assert.deepEqual(fileDoc('exec-start.csv').fields.map((f) => f.name), literalKeys('src/commands/exec-start.ts', 'results.map((r) => ({'));
  });
});
