import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, gosweep } from '../helpers/cli.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';
import { packageRoot } from '../../src/paths.ts';

const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
const dryRun = (file: string) => gosweep(['run', file, '--dry-run'], { env: NO_ENGINE });

describe('gosweep run --dry-run: the whole validation, in one pass', () => {
  it('refuses more CPUs and memory than this machine has (#4)', async (t) => {
    const cpus = os.cpus().length;
    const memoryMiB = Math.floor(os.totalmem() / 1024 ** 2);
    const file = writeFile(tmpDir(t), 'm.yaml', `name: m\nworkloads: [hello]\naxes:\n  cpus: [1, ${cpus + 1}]\n  memory: [256m, ${memoryMiB + 1024}m]\n`);
    const r = await dryRun(file);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, new RegExp(`m\\.yaml:4:13: axes\\.cpus\\[1\\]: ${cpus + 1} CPUs, but this machine has ${cpus}\\n  fix: use at most ${cpus}`));
    assert.match(r.stderr, new RegExp(`m\\.yaml:5:18: axes\\.memory\\[1\\]: .* more than this machine's ${memoryMiB}m`));
  });

  it('reports a cell problem of a target together with the matrix\'s own problems', async (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: m\nworkloads: [hello]\naxes:\n  target: [process]\n  cpus: [1]\nclaims:\n  - { id: C1, says: s, metric: p99ms, atMost: 2ms }\n');
    const r = await dryRun(file);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /cell hello-[0-9a-f]{8}: .*no CPU or memory limit to apply/);
    assert.match(r.stderr, /m\.yaml:7:32: claims\[0\]\.metric: unknown metric 'p99ms'\n  fix: did you mean p99/);
    assert.match(r.stderr, /2 problem\(s\); nothing was started/);
  });

  it('errs on a near-miss of a Go runtime variable, and warns on one of a workload\'s keys (#7)', async (t) => {
    const dir = tmpDir(t);
    const typo = await dryRun(writeFile(dir, 'typo.yaml', 'name: m\nworkloads: [cpu]\naxes:\n  env:\n    GOMAXPROC: [1, 16]\n'));
    assert.equal(typo.exitCode, 2, typo.all);
    assert.match(typo.stderr, /typo\.yaml:5:5: axes\.env\.GOMAXPROC: .*\n  fix: did you mean GOMAXPROCS\?/);
    const near = await dryRun(writeFile(dir, 'near.yaml', 'name: m\nworkloads: [cpu]\naxes:\n  env:\n    CPU_ITER: [1000]\n'));
    assert.equal(near.exitCode, 0, near.all);
    assert.match(near.stderr, /near\.yaml:5:5: axes\.env\.CPU_ITER: warning: .*\n  fix: did you mean CPU_ITERS\?/);
  });

  it('warns on stderr when a sweep is too large, with how to cut it (#12)', async () => {
    const r = await dryRun(fixture('matrices', 'huge.yaml'));
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /4800 cells × 3 repetitions = 14400 runs/);
    assert.match(r.stderr, /warning: 4,800 cells × 3 repetitions = 14,400 runs, about [\d.]+ days on one machine.*\n  fix: .*exclude.*--shard k\/\d+/);
  });

  it('prints the estimate matrices/README.md quotes (#13)', async () => {
    const r = await dryRun(path.join(packageRoot, 'matrices', 'gomaxprocs.yaml'));
    assert.equal(r.exitCode, 0, r.all);
    const about = /about (.+) in all/.exec(r.stdout)?.[1];
    const readme = fs.readFileSync(path.join(packageRoot, 'matrices', 'README.md'), 'utf8');
    assert.match(readme, new RegExp(`\\| \`gomaxprocs\\.yaml\` \\| C1 \\| 9 × 6 \\| ${about} \\|`));
  });

  it('prints the seed the run will use: the same every time for the same file (#14)', async (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: m\nworkloads: [hello, cpu]\naxes:\n  concurrency: [1, 2, 4]\n');
    const seeds = await Promise.all([1, 2, 3].map(async () => /\(seed (\d+)\)/.exec((await dryRun(file)).stdout)?.[1]));
    assert.ok(seeds[0], 'a seed is printed');
    assert.deepEqual(seeds, [seeds[0], seeds[0], seeds[0]]);
    const given = await gosweep(['run', file, '--dry-run', '--seed', '42'], { env: NO_ENGINE });
    assert.match(given.stdout, /\(seed 42\)/, '--seed still overrides');
  });
});

describe('gosweep run --dry-run: Lambda cells (#10)', () => {
  it('refuses a memory tier out of range, where it is written', async (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: m\nworkloads: [hello]\naxes:\n  target: [lambda-local]\n  lambda:\n    memory: [64, 128]\n');
    const r = await dryRun(file);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /m\.yaml:6:14: axes\.lambda\.memory\[0\]: .*smallest tier is 128 MB/);
  });

  it('asks for an execution role on target lambda, and never makes one', async (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: m\nworkloads: [hello]\naxes:\n  target: [lambda]\n  lambda:\n    memory: [128]\n');
    const r = await gosweep(['run', file, '--dry-run'], { env: { ...NO_ENGINE, GOSWEEP_LAMBDA_ROLE_ARN: '' } });
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /target lambda needs an execution role, and GOSWEEP_LAMBDA_ROLE_ARN is not set\n  fix: export GOSWEEP_LAMBDA_ROLE_ARN=/);
  });

  it('asks for a project and a region on target cloudrun, and refuses what Cloud Run would', async (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: m\nworkloads: [hello]\naxes:\n  target: [cloudrun]\n  cpus: [0.5]\n');
    const r = await gosweep(['run', file, '--dry-run'], { env: { ...NO_ENGINE, GOOGLE_CLOUD_PROJECT: '', GOSWEEP_CLOUDRUN_REGION: '' } });
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /target cloudrun needs a Google Cloud project, and GOOGLE_CLOUD_PROJECT is not set\n  fix: export GOOGLE_CLOUD_PROJECT=/);
    assert.match(r.stderr, /target cloudrun needs a region, and GOSWEEP_CLOUDRUN_REGION is not set/);
    assert.match(r.stderr, /cpus 0\.5 with cloudrun\.concurrency 80: below 1 CPU Cloud Run takes 0\.08 or more, and one request at a time/);
  });

  it('refuses cpus on a Lambda cell, and lambda.* axes on a Docker cell', async (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: m\nworkloads: [hello]\naxes:\n  target: [docker, lambda-local]\n  cpus: [1]\n  lambda:\n    memory: [128]\n');
    const r = await dryRun(file);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /cpus and memory do not apply on lambda-local; Lambda couples CPU to the memory tier/);
    assert.match(r.stderr, /lambda\.\* axes do not apply on target docker/);
  });
});

describe('gosweep run --dry-run: an override of Lambda\'s prices', () => {
  it('needs the date and page of the figures, in their units, and says where', async (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: m\nworkloads: [hello]\naxes:\n  target: [lambda-local]\nrun:\n  lambdaPrices:\n    gbSecondUsd: { arm64: 12 }\n');
    const r = await dryRun(file);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /run\.lambdaPrices\.gbSecondUsd\.arm64: .*is per GB-second/);
    assert.match(r.stderr, /run\.lambdaPrices\.asOf: give the date these prices were read/);
  });
});
