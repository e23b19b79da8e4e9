import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FAILPOINTS, type Failpoint } from '../../src/failpoints.ts';
import { loadMatrix, planRuns } from '../../src/matrix/index.ts';
import { folderState, onlyChild, registryTags } from '../helpers/faults.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** kill -9 at a point, then --resume: where, which time it is reached, and what must be left behind the kill. */
const CUTS: Array<{ point: Failpoint; nth: number; matrix: string; freshCache?: boolean; leavesContainer: boolean }> = [
  // A cache of its own, so the sweep builds (the load generator first) instead of finding its binaries.
  { point: 'build', nth: 1, matrix: 'interrupt.yaml', freshCache: true, leavesContainer: false },
  { point: 'cold-start', nth: 3, matrix: 'interrupt.yaml', leavesContainer: true },
  // Pulling from the sweep's own registry: the kill leaves the registry and its tags too.
  { point: 'cold-start', nth: 2, matrix: 'pull-one.yaml', leavesContainer: true },
  { point: 'window', nth: 2, matrix: 'interrupt.yaml', leavesContainer: true },
  // lambda-local's environments are Docker containers too; its cleanup is Docker's.
  { point: 'cold-start', nth: 2, matrix: 'lambda-local.yaml', leavesContainer: true },
  { point: 'row-write', nth: 2, matrix: 'interrupt.yaml', leavesContainer: false },
];

/** Load generators gosweep started (it alone passes -exit-with-stdin). */
function loadgens(): string[] {
  try {
    return execFileSync('pgrep', ['-f', 'exit-with-stdin'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

const goCache = execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim();

describe('kill -9 of the harness, then --resume', { timeout: 600_000 }, () => {
  for (const cut of CUTS) {
    it(`at "${FAILPOINTS[cut.point]}" (#${cut.nth}, ${cut.matrix}): every run once, nothing left behind`, async (t) => {
      const parent = tmpDir(t);
      const matrix = fixture('matrices', cut.matrix);
      // Go keeps its own build cache under XDG_CACHE_HOME too: that one stays warm.
      const env: Record<string, string> = cut.freshCache ? { XDG_CACHE_HOME: path.join(parent, 'cache'), GOCACHE: goCache } : {};
      const results = path.join(parent, 'results');
      const killed = await gosweep(['run', matrix, '--results-dir', results], { env: { ...env, GOSWEEP_FAILPOINT: `${cut.point}@${cut.nth}` } });
      assert.equal(killed.signal, 'SIGKILL', killed.all);
      const dir = onlyChild(results);
      const before = folderState(dir);
      const left = await managedContainers();
      if (cut.leavesContainer) assert.ok(left.length > 0, 'the kill left its container, as a real one would');
      if (cut.matrix.startsWith('pull')) assert.ok((await registryTags()).length > 0, 'the kill left registry tags');
      // Its stdin closed with gosweep, the load generator stops instead of loading the orphan for the rest of the window.
      if (cut.point === 'window') await until('the load generator to stop', () => loadgens().length === 0, 1000);
      if (cut.point === 'row-write') assert.ok(before.coldStartRunIds.length > before.runIds.length, 'the cut run\'s cold starts were written without its row');

      const resumed = await gosweep(['run', matrix, '--resume', dir], { env });
      assert.equal(resumed.exitCode, 0, resumed.all);
      if (left.length > 0) assert.match(resumed.all, /removed \d+ thing\(s\) an earlier crashed sweep left/);
      const after = folderState(dir);
      const planned = planRuns(loadMatrix(matrix)).runs.map((r) => r.runId);
      assert.deepEqual([...after.runIds].sort(), [...planned].sort(), 'every planned run, each once');
      assert.deepEqual(after.rows.slice(0, before.rows.length), before.rows, 'rows written before the kill are kept as they were');
      const coldStarts = loadMatrix(matrix).run.coldStarts;
      assert.deepEqual([...after.coldStartRunIds].sort(), planned.flatMap((id) => Array(coldStarts).fill(id)).sort(), 'each run\'s cold starts once');
      assert.deepEqual([...after.histogramRunIds].sort(), [...planned].sort(), 'each run\'s histogram once');
      assert.deepEqual(await managedContainers(), [], 'no container left');
      assert.deepEqual(await registryTags(), [], 'no registry tag left');
      assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')).stoppedEarly, null);
      t.diagnostic(`killed with ${before.rows.length} of ${planned.length} rows written, ${left.length} container(s) left; after --resume ${after.rows.length} rows, 0 containers`);
    });
  }
});
