import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadMatrix, planRuns } from '../../src/matrix/index.ts';
import { readMeta } from '../../src/write/meta.ts';
import { readResultRows } from '../../src/write/results-writer.ts';
import { gosweep } from '../helpers/cli.ts';
import { processMatrix } from '../helpers/process-matrix.ts';
import { tmpDir } from '../helpers/tmp.ts';


describe('gosweep merge', () => {
  it('joins three shards into the unsharded plan, each run once, and refuses a missing, doubled or unfinished shard', { timeout: 180_000 }, async (t) => {
    const dir = tmpDir(t);
    // Three cells of the bare binary, two repetitions: six short runs, no Docker.
    const matrixFile = processMatrix(dir, { name: 'shards', concurrency: [1, 2, 3], run: { repetitions: 2, durationSeconds: 0.3 } });
    const shardsDir = path.join(dir, 'shards');
    for (const k of [1, 2, 3]) {
      const r = await gosweep(['run', matrixFile, '--shard', `${k}/3`, '--results-dir', shardsDir, '--quiet']);
      assert.equal(r.exitCode, 0, r.all);
    }
    const shards = fs.readdirSync(shardsDir).sort().map((d) => path.join(shardsDir, d));
    assert.equal(shards.length, 3);

    const mergedParent = path.join(dir, 'merged');
    const merged = await gosweep(['merge', ...shards, '--results-dir', mergedParent]);
    assert.equal(merged.exitCode, 0, merged.all);
    const mergedDir = path.join(mergedParent, fs.readdirSync(mergedParent)[0] as string);
    const plan = planRuns(loadMatrix(matrixFile));
    const runIds = readResultRows(mergedDir).map((r) => r.run_id);
    assert.deepEqual([...runIds].sort(), plan.runs.map((r) => r.runId).sort(), 'exactly the unsharded plan\'s runs, each once');
    const meta = readMeta(mergedDir);
    assert.equal(meta.shard, null);
    assert.equal(meta.runs, plan.runs.length);
    assert.equal(meta.cells, plan.cells.length);
    assert.deepEqual(meta.mergedFrom?.map((s) => s.shard.index), [1, 2, 3]);
    assert.equal(fs.readFileSync(path.join(mergedDir, 'summary.csv'), 'utf8').trim().split('\n').length, 1 + plan.cells.length);
    assert.equal(fs.readFileSync(path.join(mergedDir, 'histograms.jsonl'), 'utf8').trim().split('\n').length, plan.runs.length);
    const exported = await gosweep(['export', mergedDir, '--format', 'markdown']);
    assert.equal(exported.exitCode, 0, exported.all);

    const missing = await gosweep(['merge', shards[0] as string, shards[1] as string, '--results-dir', mergedParent]);
    assert.equal(missing.exitCode, 2, missing.all);
    assert.match(missing.stderr, /shard 3 of 3 is missing\n\s+fix: add its folder/);
    const doubled = await gosweep(['merge', ...shards, shards[0] as string, '--results-dir', mergedParent]);
    assert.equal(doubled.exitCode, 2, doubled.all);
    assert.match(doubled.stderr, /shard 1 of 3 is given 2 times/);
    assert.match(doubled.stderr, /run hello-\w+#1 is also in /);

    const unfinished = path.join(dir, 'unfinished');
    fs.cpSync(shards[2] as string, unfinished, { recursive: true });
    const metaFile = path.join(unfinished, 'meta.json');
    fs.writeFileSync(metaFile, JSON.stringify({ ...readMeta(unfinished), finishedAt: null, stoppedEarly: 'interrupted' }));
    const stopped = await gosweep(['merge', shards[0] as string, shards[1] as string, unfinished, '--results-dir', mergedParent]);
    assert.equal(stopped.exitCode, 2, stopped.all);
    assert.match(stopped.stderr, /shard 3 did not finish \(interrupted\)\n\s+fix: finish it: gosweep run .*shards\.yaml --resume /);

    const otherSettings = path.join(dir, 'other-settings');
    fs.cpSync(shards[2] as string, otherSettings, { recursive: true });
    const theirs = readMeta(otherSettings);
    fs.writeFileSync(path.join(otherSettings, 'meta.json'), JSON.stringify({ ...theirs, settings: { ...theirs.settings, durationSeconds: 5 } }));
    const mixed = await gosweep(['merge', shards[0] as string, shards[1] as string, otherSettings, '--results-dir', mergedParent]);
    assert.equal(mixed.exitCode, 2, mixed.all);
    assert.match(mixed.stderr, /it ran with durationSeconds 5 \(not 0\.3\), so the cells were split and run otherwise\n\s+fix: run every shard with the same --runs, --duration/);
    assert.equal(fs.readdirSync(mergedParent).length, 1, 'a refused merge writes nothing');
  });
});
