import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { loadMatrix, planRuns } from '../../src/matrix/index.ts';
import { readMeta } from '../../src/write/meta.ts';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { isolatedEngineUnavailable, startIsolatedEngine, type IsolatedEngine } from '../helpers/remote-engine.ts';
import { tmpDir } from '../helpers/tmp.ts';

const unavailable = isolatedEngineUnavailable();

/** Containers gosweep made on that engine that still exist. */
async function managedOn(engine: IsolatedEngine): Promise<string[]> {
  return (await engine.docker.listContainers({ all: true, filters: { label: ['gosweep.managed=true'] } })).map((c) => c.Id);
}

const matrix = fixture('matrices', 'remote.yaml');
const planned = () => planRuns(loadMatrix(matrix)).runs.map((r) => r.runId).sort();

/** Whether a load generator still runs in the driver container. */
async function loadInDriver(engine: IsolatedEngine): Promise<boolean> {
  const [driver] = await engine.docker.listContainers({ filters: { label: ['gosweep.run=driver'] } });
  if (!driver) return false;
  const top = await engine.docker.getContainer(driver.Id).top();
  return (top.Processes as string[][]).some((p) => p.some((field) => field.includes('/loadgen')));
}

describe('a remote Docker engine (a second dockerd in its own network namespace, over a forwarded TCP port)', { skip: unavailable ?? false, timeout: 600_000 }, () => {
  let engine: IsolatedEngine;
  before(async () => {
    engine = await startIsolatedEngine();
  });
  after(async () => {
    await engine?.stop();
  });

  it('runs the sweep with requests and load sent from a driver container on that host, and leaves nothing there', async (t) => {
    const out = path.join(tmpDir(t), 'remote');
    const r = await gosweep(['run', matrix, '--out', out], { env: { DOCKER_HOST: engine.dockerHost } });
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.all, /requests and load go from a driver container on tcp:\/\/127\.0\.0\.1:\d+/);
    const rows = readResultRows(out);
    assert.deepEqual(rows.map((row) => [row.param_workload, row.status]).sort(), [['flagged', 'completed'], ['hello', 'completed']]);
    for (const row of rows) {
      assert.ok((row.successes ?? 0) > 0 && row.successes === row.requests, `${row.param_workload}: ${row.successes} of ${row.requests} answered`);
      assert.ok(row.host_cpu_busy !== null && row.host_cpu_busy > 0, 'the engine host\'s CPU, read in the driver');
      assert.ok(row.after_idle_p50_ms !== null && row.after_idle_failed === 0, 'the requests after idle, sent by the probe');
    }
    const hello = rows.find((row) => row.param_workload === 'hello');
    assert.ok(hello?.gomaxprocs !== null, 'the runtime facts came back through the probe');
    const cold = readColdStartRows(out);
    assert.equal(cold.length, 4);
    for (const c of cold) {
      assert.ok(c.verified === true && c.total_ms !== null && c.total_ms > 0 && c.total_ms < 30_000, `total ${c.total_ms}`);
      const ready = Number(c.ready_ms);
      assert.ok(ready > 0 && ready < c.total_ms, 'ready: from the engine\'s start stamp to the probe\'s first 2xx');
      assert.equal(c.create_ms, null, 'the create call crosses the network: not timed');
    }
    const helloCold = cold.filter((c) => c.param_workload === 'hello');
    for (const c of helloCold) assert.ok(c.start_to_init_ms !== null && c.listen_to_ready_ms !== null, 'the workload\'s own phases, on that host\'s clock');
    const docker = readMeta(out).host.targets.docker as { remote: boolean; cpuModel: string | null };
    assert.equal(docker.remote, true);
    assert.ok(docker.cpuModel, 'the engine host\'s CPU model, read by the driver');
    assert.deepEqual(await managedOn(engine), [], 'no workload or driver container left on the remote engine');
    assert.deepEqual(await managedContainers(), [], 'and none on this machine\'s');
    t.diagnostic(`cold starts ${cold.map((c) => c.total_ms?.toFixed(1)).join(', ')} ms; p99 ${rows.map((row) => row.latency_p99_us).join(', ')} µs`);
  });

  it('is really elsewhere: a workload it runs answers the driver, and not this machine', async () => {
    const image = (await engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []).find((tag) => tag.startsWith('gosweep/hello:'));
    const driverImage = (await engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []).find((tag) => tag.startsWith('gosweep-tools/driver:'));
    assert.ok(image && driverImage, 'the sweep built hello and the driver on that engine');
    const port = 18000 + Math.floor(Math.random() * 1000);
    const host = { NetworkMode: 'host' };
    const workload = await engine.docker.createContainer({ Image: image, Env: [`PORT=${port}`], HostConfig: host });
    const driver = await engine.docker.createContainer({ Image: driverImage, HostConfig: host });
    try {
      await Promise.all([workload.start(), driver.start()]);
      const exec = await driver.exec({ Cmd: ['/probe', 'ready', '-url', `http://127.0.0.1:${port}/health`, '-timeout', '10s'], AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({});
      let output = '';
      stream.on('data', (chunk: Buffer) => (output += chunk.toString('latin1')));
      await new Promise((resolve) => stream.on('end', resolve));
      assert.match(output, /"event":"ready"/, 'the driver, on that host, reaches it');
      const here = await request(`http://127.0.0.1:${port}/health`, { headersTimeout: 2000 }).then((res) => res.statusCode, (err: Error) => err.message);
      assert.notEqual(here, 200, 'this machine\'s 127.0.0.1 does not reach it');
    } finally {
      await Promise.all([workload.remove({ force: true }), driver.remove({ force: true })]);
    }
  });

  it('refuses, before anything starts, what needs the engine on this machine: lambda-local', async (t) => {
    const lambda = await gosweep(['run', fixture('matrices', 'lambda-local.yaml'), '--results-dir', tmpDir(t)], { env: { DOCKER_HOST: engine.dockerHost } });
    assert.notEqual(lambda.exitCode, 0);
    assert.match(lambda.all, /lambda-local needs the Docker engine on this machine/);
    assert.deepEqual(await managedOn(engine), []);
  });

  it('pulls afresh at each cold start from the sweep\'s registry on that host, reached through the driver', async (t) => {
    const out = path.join(tmpDir(t), 'pull');
    const r = await gosweep(['run', fixture('matrices', 'pull-one.yaml'), '--out', out], { env: { DOCKER_HOST: engine.dockerHost } });
    assert.equal(r.exitCode, 0, r.all);
    const cold = readColdStartRows(out);
    assert.equal(cold.length, 2);
    for (const c of cold) {
      assert.ok(Number(c.pull_ms) > 0 && c.pull_layers_cached === 0, `pull ${c.pull_ms} ms, ${c.pull_layers_cached} layers cached`);
      assert.ok(c.total_ms !== null && c.total_ms > Number(c.pull_ms), 'the pull is part of the cold start');
    }
    assert.ok(readResultRows(out).every((row) => Number(row.image_pull_bytes) > 0), 'the manifest was read through the driver');
    const tags = (await engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []).filter((tag) => /^127\.0\.0\.1:\d+\//.test(tag));
    assert.deepEqual(tags, [], 'no registry tag left there');
    assert.deepEqual(await managedOn(engine), [], 'no registry, driver or workload left there');
    t.diagnostic(`pulls ${cold.map((c) => Number(c.pull_ms).toFixed(1)).join(', ')} ms`);
  });

  it('after kill -9 mid-window: the load in the driver stops, and --resume runs the rest and leaves nothing there', async (t) => {
    const out = path.join(tmpDir(t), 'killed');
    const env = { DOCKER_HOST: engine.dockerHost };
    const killed = await gosweep(['run', matrix, '--out', out], { env: { ...env, GOSWEEP_FAILPOINT: 'window@2' } });
    assert.equal(killed.signal, 'SIGKILL', killed.all);
    const left = await managedOn(engine);
    assert.ok(left.length >= 2, 'the kill left the workload and the driver, as a real one would');
    // Its exec stream closed with gosweep: Docker 20.10 kills an exec whose client went away (checked with -exit-with-stdin off), and its stdin ends too.
    for (let i = 0; await loadInDriver(engine); i++) {
      assert.ok(i < 20, 'the load generator in the driver stopped within 1 s of the kill (its window had 2 s to go)');
      await sleep(50);
    }
    const written = readResultRows(out).length;
    const resumed = await gosweep(['run', matrix, '--out', out], { env });
    assert.equal(resumed.exitCode, 0, resumed.all);
    assert.match(resumed.all, /removed \d+ thing\(s\) an earlier crashed sweep left/);
    assert.deepEqual(readResultRows(out).map((r) => String(r.run_id)).sort(), planned(), 'every planned run, each once');
    assert.deepEqual(await managedOn(engine), []);
    t.diagnostic(`killed with ${written} of ${planned().length} rows written and ${left.length} containers left there; after --resume all rows, 0 containers`);
  });

  it('drives one shard on each of two engines from this machine, and their merge is the unsharded plan', async (t) => {
    const second = await startIsolatedEngine();
    try {
      const dir = tmpDir(t);
      const shards = await Promise.all(
        [engine, second].map((e, i) => gosweep(['run', matrix, '--shard', `${i + 1}/2`, '--out', path.join(dir, `shard-${i + 1}`), '--quiet'], { env: { DOCKER_HOST: e.dockerHost } })),
      );
      for (const r of shards) assert.equal(r.exitCode, 0, r.all);
      const merged = await gosweep(['merge', path.join(dir, 'shard-1'), path.join(dir, 'shard-2'), '--results-dir', path.join(dir, 'merged')]);
      assert.equal(merged.exitCode, 0, merged.all);
      const [name] = fs.readdirSync(path.join(dir, 'merged'));
      assert.deepEqual(readResultRows(path.join(dir, 'merged', String(name))).map((r) => String(r.run_id)).sort(), planned());
      assert.deepEqual([...(await managedOn(engine)), ...(await managedOn(second))], []);
    } finally {
      await second.stop();
    }
  });
});
