import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { execa } from 'execa';
import { buildGosweepImage, IMAGE_UID, LABEL_INPUTS, LABEL_VERSION, type ImageResult } from '../../scripts/image.ts';
import { packageRoot } from '../../src/paths.ts';

const version = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
const IMAGE = 'gosweep:latest';

/** Why the image cannot be built and run here, or false. */
async function unavailable(): Promise<string | false> {
  try {
    await new Docker().ping();
  } catch (err) {
    return `no Docker engine answered (${(err as Error).message}): npm run setup starts one`;
  }
  const cli = await execa('docker', ['version', '--format', '{{.Client.Version}}'], { reject: false });
  return cli.exitCode === 0 ? false : 'the docker CLI is not installed (npm run setup installs docker.io)';
}

/** `docker run --rm --network none` of the image: no network, so nothing inside may need one. */
function run(args: string[], opts: { entrypoint?: string; workdir?: string; mounts?: string[]; env?: Record<string, string> } = {}) {
  const flags = [
    ...(opts.entrypoint ? ['--entrypoint', opts.entrypoint] : []),
    ...(opts.workdir ? ['-w', opts.workdir] : []),
    ...(opts.mounts ?? []).flatMap((m) => ['-v', m]),
    ...Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
  ];
  return execa('docker', ['run', '--rm', '--network', 'none', ...flags, IMAGE, ...args], { reject: false, all: true });
}

const skip = await unavailable();

describe('the gosweep image (npm run image)', { skip, timeout: 20 * 60_000 }, () => {
  let image: ImageResult;

  before(async () => {
    image = await buildGosweepImage({ log: () => undefined });
  }, { timeout: 15 * 60_000 });

  it('is tagged gosweep:<version> and :latest, and reused while its inputs are unchanged', async () => {
    const info = await new Docker().getImage(IMAGE).inspect();
    assert.equal(info.Id, image.id);
    assert.ok(info.RepoTags?.includes(`gosweep:${version}`), JSON.stringify(info.RepoTags));
    assert.equal(info.Config.Labels?.[LABEL_VERSION], version);
    assert.equal(info.Config.Labels?.[LABEL_INPUTS], image.inputs);
    const again = await buildGosweepImage({ log: () => undefined });
    assert.equal(again.cached, true);
    assert.equal(again.id, image.id);
    const tagged = await new Docker().getImage(IMAGE).inspect();
    assert.equal(tagged.Id, image.id);
    assert.deepEqual(tagged.Config.Entrypoint, ['/usr/local/bin/node', '/opt/gosweep/dist/cli.js']);
    assert.equal(tagged.Config.User, `${IMAGE_UID}:${IMAGE_UID}`);
    assert.ok(again.seconds < 60, `a cached build took ${again.seconds.toFixed(1)} s`);
  });

  it('prints the package version', async () => {
    const r = await run(['--version']);
    assert.equal(r.exitCode, 0, r.all);
    assert.equal(r.stdout.trim(), version);
  });

  it('plans a bundled matrix with --dry-run, with no engine and no network', async () => {
    const r = await run(['run', '/opt/gosweep/matrices/lambda-memory.yaml', '--dry-run']);
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /^matrix lambda-memory: 12 cells/m);
    assert.match(r.stdout, /cpu target=lambda-local concurrency=1 GOMAXPROCS=unset lambda\.memory=128/);
  });

  it('runs as the Kubernetes example does: gosweep on PATH, the matrix mounted at /matrices, --shard auto', async () => {
    const r = await run(['run', '/matrices/lambda-memory-aws.yaml', '--dry-run', '--shard', 'auto'], {
      entrypoint: 'gosweep',
      mounts: [`${path.join(packageRoot, 'examples', 'matrices')}:/matrices:ro`],
      env: { GOSWEEP_SHARD_COUNT: '3', JOB_COMPLETION_INDEX: '1', AWS_REGION: 'us-east-1', GOSWEEP_LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/example' },
    });
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.stdout, /^matrix lambda-memory-aws \(shard 2\/3\)/m);
    assert.match(r.stdout, /target=lambda /);
  });

  it('has the /bin/sh, mkdir and printf the Cloud Run example\'s script uses', async () => {
    const r = await run(['-c', 'set -e; mkdir -p "$DOCKER_CERT_PATH"; printf "%s\\n" x > "$DOCKER_CERT_PATH/ca.pem"; exec gosweep --version'], {
      entrypoint: '/bin/sh',
      env: { DOCKER_CERT_PATH: '/tmp/docker-certs' },
    });
    assert.equal(r.exitCode, 0, r.all);
    assert.equal(r.stdout.trim(), version);
  });

  it(`runs as uid ${IMAGE_UID}, with HOME=/tmp, /tmp sticky and /work its own`, async () => {
    const script = `const fs = require('node:fs'); console.log(JSON.stringify({ uid: process.getuid(), gid: process.getgid(), user: require('node:os').userInfo().username, home: process.env.HOME, cwd: process.cwd(), tmp: fs.statSync('/tmp').mode & 0o7777, work: fs.statSync('/work').uid, node: process.versions.node.split('.')[0] }))`;
    const r = await run(['-e', script], { entrypoint: '/usr/local/bin/node' });
    assert.equal(r.exitCode, 0, r.all);
    assert.deepEqual(JSON.parse(r.stdout), { uid: IMAGE_UID, gid: IMAGE_UID, user: 'gosweep', home: '/tmp', cwd: '/work', tmp: 0o1777, work: IMAGE_UID, node: '24' });
  });

  it('has every module the workloads and tools need, offline', async () => {
    const list = 'go list -deps -tags lambda,lambda.norpc,automaxprocs,automemlimit,pad ./... >/dev/null && for m in loadgen proxy lambda-init; do (cd tools/$m && go list -deps ./... >/dev/null) || exit 1; done';
    const r = await run(['-c', list], { entrypoint: '/bin/sh', workdir: '/opt/gosweep/go-workloads' });
    assert.equal(r.exitCode, 0, r.all);
  });

  it('builds a workload as target lambda does, with Go and no network', async () => {
    const r = await run(['build', '-trimpath', '-tags', 'lambda,lambda.norpc', '-o', '/tmp/bootstrap', './cmd/hello'], {
      entrypoint: '/usr/local/go/bin/go',
      workdir: '/opt/gosweep/go-workloads',
      env: { CGO_ENABLED: '0' },
    });
    assert.equal(r.exitCode, 0, r.all);
  });
});
