import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import Docker from 'dockerode';
import { loadMatrix, planRuns } from '../../src/matrix/index.ts';
import { readMeta } from '../../src/write/meta.ts';
import { folderState } from '../helpers/faults.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('a retried Job task or pod: run --out', { timeout: 300_000 }, () => {
  it('carries on where the killed attempt stopped, and removes what it left even from another host', async (t) => {
    const dir = path.join(tmpDir(t), 'shard-1');
    const matrix = fixture('matrices', 'interrupt.yaml');
    const attempt = ['run', matrix, '--out', dir, '--shard', '1/1'];
    const killed = await gosweep(attempt, { env: { GOSWEEP_FAILPOINT: 'cold-start@2' } });
    assert.equal(killed.signal, 'SIGKILL', killed.all);
    const { sweepId } = readMeta(dir);
    // What the first attempt left on another machine's view: the same sweep, another host (the pod the Job replaced).
    const docker = new Docker();
    const [image] = (await docker.listImages({ filters: { reference: ['gosweep/hello'] } })).flatMap((i) => i.RepoTags ?? []);
    const elsewhere = await docker.createContainer({
      Image: image as string,
      Labels: { 'gosweep.managed': 'true', 'gosweep.sweep': sweepId, 'gosweep.run': 'x#1', 'gosweep.owner-pid': '1', 'gosweep.owner-host': 'the-replaced-pod' },
    });
    t.after(() => elsewhere.remove({ force: true }).catch(() => undefined));
    assert.equal((await managedContainers()).length, 2, 'the killed attempt\'s container and the replaced pod\'s');

    const retried = await gosweep(attempt);
    assert.equal(retried.exitCode, 0, retried.all);
    assert.match(retried.all, /resuming .*: \d of 4 runs to go/);
    assert.match(retried.all, /removed 2 thing\(s\)/);
    const planned = planRuns(loadMatrix(matrix)).runs.map((r) => r.runId).sort();
    assert.deepEqual([...folderState(dir).runIds].sort(), planned);
    assert.equal(readMeta(dir).sweepId, sweepId);
    assert.deepEqual(await managedContainers(), []);

    const again = await gosweep(attempt);
    assert.equal(again.exitCode, 0, again.all);
    assert.match(again.all, /0 of 4 runs to go/);
    const otherShard = await gosweep(['run', matrix, '--out', dir, '--shard', '2/2']);
    assert.equal(otherShard.exitCode, 2, otherShard.all);
    assert.match(otherShard.stderr, /this folder holds shard 1\/1, not shard 2\/2\n\s+fix: give each shard a folder of its own/);
  });
});
