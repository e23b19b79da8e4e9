import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadMatrix } from '../../../src/matrix/load.ts';
import { planRuns } from '../../../src/matrix/plan.ts';
import { packageRoot } from '../../../src/paths.ts';
import { formatEstimate } from '../../../src/report/plan-table.ts';

const dir = path.join(packageRoot, 'matrices');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

/** matrices/README.md's table: file → [cells × repetitions, about]. */
function readmeRows(): Map<string, { size: string; about: string }> {
  const rows = new Map<string, { size: string; about: string }>();
  for (const line of fs.readFileSync(path.join(dir, 'README.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const file = /^`(.+\.yaml)`$/.exec(cells[1] ?? '')?.[1];
    if (file) rows.set(file, { size: cells[3] ?? '', about: cells[4] ?? '' });
  }
  return rows;
}

describe('bundled matrices', () => {
  const rows = readmeRows();
  for (const file of files) {
    it(`${file} validates, claims and all (#1), and matrices/README.md quotes its size and --dry-run's estimate (#13)`, () => {
      const plan = planRuns(loadMatrix(path.join(dir, file)));
      const row = rows.get(file);
      assert.ok(row, `matrices/README.md has no row for ${file}`);
      assert.ok(row.size.startsWith(`${plan.cells.length} × ${plan.matrix.run.repetitions}`), `${file}: README says ${row.size}, the matrix has ${plan.cells.length} × ${plan.matrix.run.repetitions}`);
      assert.equal(row.about, formatEstimate(plan.estimateMs), `${file}: README says ${row.about}`);
    });
  }
});
