import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { fixture, gosweep } from '../helpers/cli.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';

interface Starter {
  workloads: Array<Record<string, unknown>>;
}

/** Runs `gosweep init` on a fixture service and reads back what it wrote. */
async function init(t: Parameters<typeof tmpDir>[0], service: string): Promise<{ file: string; text: string; workload: Record<string, unknown> }> {
  const file = path.join(tmpDir(t), 'gosweep.yaml');
  const r = await gosweep(['init', fixture('services', service), '--out', file]);
  assert.equal(r.exitCode, 0, r.all);
  const text = fs.readFileSync(file, 'utf8');
  return { file, text, workload: (parse(text) as Starter).workloads[0] as Record<string, unknown> };
}

describe('gosweep init', () => {
  it('reads a flag-port service without a health path, and the result passes --dry-run', async (t) => {
    const { file, text, workload } = await init(t, 'flag-port');
    assert.deepEqual(workload.args, ['-listen', '127.0.0.1:{port}']);
    assert.equal(workload.healthPath, null);
    assert.equal(workload.requestPath, '/items', 'a GET route it serves, as it serves no /');
    assert.match(text, /^# yaml-language-server: \$schema=.*schema\/matrix\.schema\.json$/m);
    const dry = await gosweep(['run', file, '--dry-run']);
    assert.equal(dry.exitCode, 0, dry.all);
  });

  it('finds a health path and the info package, and a PORT reader needs no port setting', async (t) => {
    const { workload } = await init(t, 'info-user');
    assert.equal(workload.healthPath, '/health');
    assert.equal(workload.infoPath, '/info');
    assert.equal(workload.args, undefined);
    assert.equal(workload.portEnv, undefined);
  });

  it('takes a Dockerfile where there is no Go main package', async (t) => {
    const { file, workload } = await init(t, 'dockerfile');
    assert.equal(path.resolve(path.dirname(file), String(workload.dockerfile)), fixture('services', 'dockerfile', 'Dockerfile'));
    assert.equal((await gosweep(['run', file, '--dry-run'])).exitCode, 0);
  });

  it('refuses to overwrite, and says what a folder lacks', async (t) => {
    const dir = tmpDir(t);
    const existing = writeFile(dir, 'gosweep.yaml', 'keep me\n');
    const r = await gosweep(['init', fixture('services', 'plain-port'), '--out', existing]);
    assert.equal(r.exitCode, 2, r.all);
    assert.match(r.stderr, /this file exists\n\s+fix: pass --out <another file>, or --force/);
    assert.equal(fs.readFileSync(existing, 'utf8'), 'keep me\n');
    const empty = await gosweep(['init', dir, '--out', path.join(dir, 'other.yaml')]);
    assert.equal(empty.exitCode, 2, empty.all);
    assert.match(empty.stderr, /no Go main package \(with a go\.mod above it\) and no Dockerfile/);
  });
});
