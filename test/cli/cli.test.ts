import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { freePort } from '../../src/targets/free-port.ts';
import { cliPath, fixture, gosweep } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
const hasStackTrace = (text: string) => /^\s+at .+:\d+:\d+\)?$/m.test(text);

describe('gosweep CLI', () => {
  it('reports every problem of a malformed matrix with file:line:col and the fix, exit 2, nothing started', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'bad.yaml'), '--results-dir', parent], { env: NO_ENGINE });
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /bad\.yaml:4:13: axes\.cpus\[1\]: .*\n  fix: CPUs are numbers of cores/);
    assert.match(r.stderr, /bad\.yaml:6:3: run: .*\n  fix: remove or rename 'repetition'/);
    assert.match(r.stderr, /bad\.yaml:2:20: workloads\[1\]: no bundled workload named 'nosuch'\n  fix: use one of alloc, cpu, hello, init-heavy, io, ticker/);
    assert.match(r.stderr, /3 problem\(s\); nothing was started/);
    assert.ok(!hasStackTrace(r.all));
    assert.deepEqual(fs.readdirSync(parent), [], 'no results folder');
  });

  it('--dry-run prints the cells with their ids, without a Docker engine', async () => {
    const r = await gosweep(['run', fixture('matrices', 'throttle.yaml'), '--dry-run'], { env: NO_ENGINE });
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /4 cells × 1 repetitions = 4 runs \(seed 1\)/);
    assert.equal(r.stdout.match(/^cpu-[0-9a-f]{8} /gm)?.length, 4);
    assert.match(r.stdout, /GOMAXPROCS=3 CPU_ITERS=1500|CPU_ITERS=1500 GOMAXPROCS=3/);
  });

  it('says how to get a Docker engine when none answers', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'throttle.yaml'), '--results-dir', parent], { env: NO_ENGINE });
    assert.equal(r.exitCode, 1, r.all);
    assert.match(r.stderr, /cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock: no Docker engine is running/);
    assert.match(r.stderr, /fix: run npm run setup .*DOCKER_HOST/);
    assert.ok(!hasStackTrace(r.all));
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  it('refuses ssh:// with the socket forwarding as its fix, before any connection, and names a tcp engine that does not answer', async () => {
    const ssh = await gosweep(['run', fixture('matrices', 'throttle.yaml')], { env: { DOCKER_HOST: 'ssh://ci@build-7' } });
    assert.equal(ssh.exitCode, 1, ssh.all);
    assert.match(ssh.stderr, /DOCKER_HOST=ssh:\/\/ci@build-7: over ssh, every Engine API call .*\n {2}fix: forward the engine's socket once and use that: ssh -NfL 127\.0\.0\.1:2375:\/var\/run\/docker\.sock ci@build-7 && DOCKER_HOST=tcp:\/\/127\.0\.0\.1:2375/);
    // A closed port on loopback: an engine reached over tcp counts as remote, and this one does not answer.
    const tcp = await gosweep(['run', fixture('matrices', 'throttle.yaml')], { env: { DOCKER_HOST: `tcp://127.0.0.1:${await freePort()}` } });
    assert.equal(tcp.exitCode, 1, tcp.all);
    assert.match(tcp.stderr, /cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:\d+: no Docker engine is running/);
  });

  it('--shard plans a slice of the cells', async () => {
    const r = await gosweep(['run', fixture('matrices', 'throttle.yaml'), '--dry-run', '--shard', '2/3'], { env: NO_ENGINE });
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /\(shard 2\/3\): 1 cells/);
    const bad = await gosweep(['run', 'x.yaml', '--shard', '4/3']);
    assert.equal(bad.exitCode, 2);
    assert.match(bad.stderr, /k\/n with 1 <= k <= n/);
  });

  it('says how to get Go when it is not on PATH', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'throttle.yaml'), '--results-dir', parent], { env: { PATH: '/nonexistent' } });
    assert.equal(r.exitCode, 1, r.all);
    assert.match(r.stderr, /Go is not installed, or not on PATH\n  fix: install Go 1\.25 or newer/);
    assert.deepEqual(fs.readdirSync(parent), []);
  });

  it('ends quietly when its reader goes away (| head)', async () => {
    // `true` exits without reading, so every write fails with EPIPE.
    const r = await execa('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${cliPath}" columns | true`], { reject: false });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  it('rejects unknown options with exit 2', async () => {
    const r = await gosweep(['run', 'x.yaml', '--frobnicate']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /unknown option '--frobnicate'/);
  });

  it('documents its CSV columns', async () => {
    const r = await gosweep(['columns']);
    assert.equal(r.exitCode, 0);
    for (const column of ['run_id', 'param_<axis>', 'latency_p99_us', 'cpu_throttled_ms', 'gomaxprocs', 'cold_start_ms_median']) {
      assert.match(r.stdout, new RegExp(`^${column.replace(/[<>]/g, '.')}\\s`, 'm'));
    }
  });

  it('refuses to start under an old Node with the fix', async (t) => {
    const old = await execa('/usr/bin/node', ['--version'], { reject: false });
    if (old.exitCode !== 0 || Number(old.stdout.slice(1).split('.')[0]) >= 22) return t.skip('no Node older than 22 at /usr/bin/node');
    const r = await execa('/usr/bin/node', [cliPath, 'run', 'x.yaml'], { reject: false });
    assert.equal(r.exitCode, 1, 'the environment is not ready, as without Docker or Go');
    assert.match(r.stderr, /needs Node\.js 24.*\n  fix: run it through npm/);
  });

  it('rejects a malformed compare threshold with exit 2, without a Docker engine', async (t) => {
    const parent = tmpDir(t);
    fs.writeFileSync(path.join(parent, 'results.csv'), 'cell_id,status\n');
    const r = await gosweep(['compare', parent, parent, '--threshold', 'p99:-10%']);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /p99 gets worse as it rises/);
  });

  it('knee names the cell ids when the cell is unknown, without a Docker engine', async () => {
    const r = await gosweep(['knee', fixture('matrices', 'knee.yaml'), '--cell', 'nope', '--p99-ms', '50'], { env: NO_ENGINE });
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /no cell 'nope' in this matrix\n  fix: use one of cpu-[0-9a-f]{8}/);
  });

  it('--dry-run refuses limits the process target cannot apply, and an unknown target, with the fix', async () => {
    const r = await gosweep(['run', fixture('matrices', 'process-limits.yaml'), '--dry-run'], { env: NO_ENGINE });
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /cell hello-[0-9a-f]{8}: hello target=process cpus=1 .*no CPU or memory limit to apply\n  fix: exclude cpus and memory for it/);
    const dir = tmpDir({ after: () => undefined });
    const bad = path.join(dir, 'm.yaml');
    fs.writeFileSync(bad, 'name: m\nworkloads: [hello]\naxes:\n  target: [dockr]\n');
    const unknown = await gosweep(['run', bad, '--dry-run'], { env: NO_ENGINE });
    assert.equal(unknown.exitCode, 2);
    assert.match(unknown.stderr, /m\.yaml:4:12: axes\.target\[0\]: unknown target 'dockr'\n  fix: use one of docker, process/);
  });
});
