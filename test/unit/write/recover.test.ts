import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { appendDurably } from '../../../src/write/durable-file.ts';
import { recoverFolder } from '../../../src/write/recover.ts';
import { COLD_STARTS_FILE, headerMismatch, HISTOGRAMS_FILE, readColdStartRows, readResultRows, RESULTS_FILE, ResultsWriter } from '../../../src/write/results-writer.ts';
import { matrix } from '../../helpers/matrix.ts';
import { cells, completedOutcome, failedOutcome } from '../../helpers/outcomes.ts';
import { tmpDir } from '../../helpers/tmp.ts';

const histogramIds = (dir: string) =>
  fs.readFileSync(path.join(dir, HISTOGRAMS_FILE), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { run_id: string }).run_id);

/** A folder with two whole runs, as a sweep leaves it. */
function twoRuns(dir: string): ResultsWriter {
  const writer = new ResultsWriter(dir, 'sweep-1', matrix().axes);
  writer.append(completedOutcome(cells[0]!, 1));
  writer.append(failedOutcome(cells[0]!, 2));
  return writer;
}

describe('recoverFolder', () => {
  it('leaves a folder a sweep finished as it is', (t) => {
    const dir = tmpDir(t);
    twoRuns(dir);
    const before = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    assert.equal(recoverFolder(dir), 0);
    assert.deepEqual(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')), before);
  });

  it('drops the cold starts and histogram of a run whose results.csv row was never written', (t) => {
    const dir = tmpDir(t);
    twoRuns(dir);
    const rows = readResultRows(dir);
    // What a kill between the detail files and results.csv leaves: run 3's lines without its row.
    const third = new ResultsWriter(path.join(dir, 'third'), 'sweep-1', matrix().axes);
    third.append(completedOutcome(cells[0]!, 3));
    for (const file of [COLD_STARTS_FILE, HISTOGRAMS_FILE]) {
      const lines = fs.readFileSync(path.join(dir, 'third', file), 'utf8').split('\n').filter(Boolean);
      appendDurably(path.join(dir, file), `${(file === COLD_STARTS_FILE ? lines.slice(1) : lines).join('\n')}\n`);
    }
    fs.rmSync(path.join(dir, 'third'), { recursive: true });
    const coldBefore = readColdStartRows(dir).length;
    assert.ok(recoverFolder(dir) > 0);
    assert.deepEqual(readResultRows(dir), rows);
    assert.ok(readColdStartRows(dir).length < coldBefore);
    assert.ok(readColdStartRows(dir).every((r) => rows.some((row) => row.run_id === r.run_id)));
    assert.deepEqual(histogramIds(dir), [`${cells[0]!.id}#1`]);
  });

  it('cuts a torn last line, even one inside a quoted multi-line field', (t) => {
    const dir = tmpDir(t);
    twoRuns(dir);
    const rows = readResultRows(dir);
    const file = path.join(dir, RESULTS_FILE);
    fs.appendFileSync(file, 'sweep-1,x#3,x,a label,"go build failed:\nline two\n');
    fs.appendFileSync(path.join(dir, HISTOGRAMS_FILE), '{"run_id":"x#3","unit":"us","hdr":"HIST');
    recoverFolder(dir);
    assert.deepEqual(readResultRows(dir), rows);
    assert.ok(fs.readFileSync(file, 'utf8').endsWith('\n'));
    assert.equal(histogramIds(dir).length, 1);
  });

  it('leaves a folder whose first write the disk cut short resumable: no header yet is no mismatch', (t) => {
    const dir = tmpDir(t);
    fs.writeFileSync(path.join(dir, RESULTS_FILE), 'sweep_id,run_i');
    recoverFolder(dir);
    assert.equal(fs.readFileSync(path.join(dir, RESULTS_FILE), 'utf8'), '');
    assert.equal(headerMismatch(dir, matrix().axes), null);
  });

  it('drops a histogram line that does not parse', (t) => {
    const dir = tmpDir(t);
    twoRuns(dir);
    fs.appendFileSync(path.join(dir, HISTOGRAMS_FILE), 'not json\n');
    assert.equal(recoverFolder(dir), 1);
    assert.deepEqual(histogramIds(dir), [`${cells[0]!.id}#1`]);
  });
});
