import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { coldStartColumns, toColdStartRows } from '../../../src/write/columns.ts';
import { readColdStartRows, ResultsWriter } from '../../../src/write/results-writer.ts';
import { matrix } from '../../helpers/matrix.ts';
import { cells, completedOutcome } from '../../helpers/outcomes.ts';
import { tmpDir } from '../../helpers/tmp.ts';

describe('cold-starts.csv', () => {
  const axes = matrix().axes;

  it('carries the cell parameters as param_<axis> columns after cell_label, as results.csv does', () => {
    assert.deepEqual(coldStartColumns(axes).slice(0, 8), ['sweep_id', 'run_id', 'cell_id', 'cell_label', 'param_workload', 'param_cpus', 'param_concurrency', 'repetition']);
    const rows = toColdStartRows(completedOutcome(cells[0]!, 1), 's', axes);
    assert.equal(rows.length, 3);
    assert.deepEqual(
      rows.map((r) => [r.param_workload, r.param_cpus, r.param_concurrency, r.sample]),
      [['hello', 1, 8, 1], ['hello', 1, 8, 2], ['hello', 1, 8, 3]],
    );
    assert.deepEqual(Object.keys(rows[0]!), coldStartColumns(axes), 'each row has exactly the header\'s columns');
  });

  it('ResultsWriter writes them to cold-starts.csv', (t) => {
    const dir = tmpDir(t);
    new ResultsWriter(dir, 's', axes).append(completedOutcome(cells[0]!, 1));
    const [header] = fs.readFileSync(path.join(dir, 'cold-starts.csv'), 'utf8').split('\n');
    assert.equal(header, coldStartColumns(axes).join(','));
    const [first] = parse(fs.readFileSync(path.join(dir, 'cold-starts.csv')), { columns: true }) as Array<Record<string, string>>;
    assert.equal(first?.param_cpus, '1');
    const read = readColdStartRows(dir);
    assert.deepEqual(
      read.map((r) => [r.param_workload, r.param_cpus, r.param_concurrency, r.sample, r.verified, r.total_ms]),
      [['hello', 1, 8, 1, true, 95], ['hello', 1, 8, 2, true, 105], ['hello', 1, 8, 3, true, 100.123]],
    );
  });
});
