import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadMatrix, planRuns } from '../../src/matrix/index.ts';
import { readMeta } from '../../src/write/meta.ts';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { onlyChild } from '../helpers/faults.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** What a report says apart from the numbers: its sections, its cells and how many runs each had, the claims it judged. */
function shapeOf(dir: string) {
  const summary = parse(fs.readFileSync(path.join(dir, 'summary.csv')), { columns: true }) as Array<Record<string, string>>;
  const claims = JSON.parse(fs.readFileSync(path.join(dir, 'claims.json'), 'utf8')) as Array<{ id: string; says: string }>;
  const report = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
  return {
    headings: report.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/it-shards-[\w-]+/g, '<sweep>')),
    cells: summary.map((c) => `${c.cell_id} ${c.runs}`).sort(),
    claims: claims.map((c) => `${c.id}: ${c.says}`),
  };
}

describe('three shards in parallel, merged', { timeout: 300_000 }, () => {
  it('have exactly the cells and runs of the unsharded plan, and the report of the unsharded sweep', async (t) => {
    const dir = tmpDir(t);
    const matrix = fixture('matrices', 'shards.yaml');
    const shardsDir = path.join(dir, 'shards');
    const shards = await Promise.all([1, 2, 3].map((k) => gosweep(['run', matrix, '--shard', `${k}/3`, '--results-dir', shardsDir, '--quiet'])));
    for (const r of shards) assert.ok(r.exitCode === 0, r.all);
    const merged = await gosweep(['merge', ...fs.readdirSync(shardsDir).map((d) => path.join(shardsDir, d)), '--results-dir', path.join(dir, 'merged')]);
    assert.equal(merged.exitCode, 0, merged.all);
    const mergedDir = onlyChild(path.join(dir, 'merged'));
    const whole = await gosweep(['run', matrix, '--results-dir', path.join(dir, 'whole'), '--quiet']);
    assert.equal(whole.exitCode, 0, whole.all);
    const wholeDir = onlyChild(path.join(dir, 'whole'));

    const plan = planRuns(loadMatrix(matrix));
    assert.deepEqual(readResultRows(mergedDir).map((r) => r.run_id).sort(), plan.runs.map((r) => r.runId).sort(), 'the unsharded plan\'s runs, each once');
    assert.deepEqual([...new Set(readResultRows(mergedDir).map((r) => r.cell_id))].sort(), plan.cells.map((c) => c.id).sort());
    assert.equal(readMeta(mergedDir).runs, plan.runs.length);
    for (const folder of [mergedDir, wholeDir]) assert.equal((await gosweep(['report', folder])).exitCode, 0);
    const shape = shapeOf(mergedDir);
    assert.ok(shape.cells.length === plan.cells.length && shape.claims.length === 1 && shape.headings.length > 1, JSON.stringify(shape));
    assert.deepEqual(shape, shapeOf(wholeDir), 'the merged report has the unsharded one\'s sections, cells, runs and claims');
    assert.deepEqual(await managedContainers(), []);
    t.diagnostic(`3 shards of ${plan.cells.length} cells, ${plan.runs.length} runs in parallel; merged = unsharded plan`);
  });
});
