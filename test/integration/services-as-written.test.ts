import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import Docker from 'dockerode';
import { execa } from 'execa';
import { buildFromContext } from '../../src/build/image.ts';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

/** The Dockerfile fixture's first stage: a local image holding the compiled service, as a CI job's builder image would. */
async function makeBuilderBase(dir: string): Promise<void> {
  const binary = path.join(dir, 'flag-port');
  await execa('go', ['build', '-o', binary, '.'], { cwd: fixture('services', 'flag-port'), env: { CGO_ENABLED: '0' } });
  await buildFromContext(new Docker(), 'gosweep-test/flag-port-builder:local', [
    { name: 'Dockerfile', content: 'FROM scratch\nCOPY flag-port /out/flag-port\n' },
    { name: 'flag-port', mode: 0o755, content: fs.readFileSync(binary) },
  ]);
}

describe('services as their authors wrote them, from a matrix alone', { timeout: 300_000 }, () => {
  before(async () => makeBuilderBase(fs.mkdtempSync('/tmp/gosweep-builder-')));

  it('runs a PORT-only service without a health path, a flag-port service under a POST mix, a multi-stage Dockerfile on a fixed port, and one with gosweep/info', async (t) => {
    const parent = tmpDir(t);
    const r = await gosweep(['run', fixture('matrices', 'services-as-written.yaml'), '--results-dir', parent]);
    assert.equal(r.exitCode, 0, r.all);
    const rows = readResultRows(path.join(parent, fs.readdirSync(parent)[0] as string));
    assert.equal(rows.length, 6);
    for (const row of rows) {
      assert.equal(row.status, 'completed', JSON.stringify(row));
      assert.ok((row.cold_start_ms_median ?? 0) > 0, `${row.cell_label}: a verified cold start`);
      assert.ok((row.first_request_ms_median ?? 0) > 0, `${row.cell_label}: its first request answered`);
      assert.ok((row.successes ?? 0) > 0, `${row.cell_label}: answered under load`);
      assert.equal(row.errors_http, 0, `${row.cell_label}: every request well-formed (a GET to /orders or a POST without its JSON is refused)`);
      if (row.param_workload === 'informed') continue;
      assert.equal(row.go_version, null, 'no /info: the runtime columns stay empty');
    }
    const informed = rows.find((row) => row.param_workload === 'informed');
    assert.match(String(informed?.go_version), /^go1\.\d+/, 'gosweep/info serves /info to a service of another module');
    assert.ok((informed?.gomaxprocs ?? 0) >= 1);
    assert.ok((informed?.package_init_ms_median ?? -1) >= 0, 'its start timestamps split the cold start');
    const built = rows.find((row) => row.param_workload === 'built');
    assert.ok(built, 'the Dockerfile workload ran');
    assert.equal(built.binary_bytes, null, 'an image the engine built has no binary gosweep measured');
    assert.ok((built.image_bytes ?? 0) > 1024 * 1024, `image ${built.image_bytes}`);
    assert.deepEqual(await managedContainers(), []);
  });

  it('refuses a Dockerfile whose base the engine lacks, and an image it lacks, at their lines, at --dry-run and before anything starts', async (t) => {
    for (const dryRun of [['--dry-run'], []]) {
      const parent = tmpDir(t);
      const r = await gosweep(['run', fixture('matrices', 'missing-base.yaml'), '--results-dir', parent, ...dryRun]);
      assert.equal(r.exitCode, 2, r.all);
      assert.match(r.all, /Dockerfile\.missing-base:1:1: base image gosweep-test\/no-such-base:local is not in the local Docker engine/);
      assert.match(r.all, /image gosweep-test\/not-built:local is not in the local Docker engine\n\s+fix: build or load it first/);
      assert.deepEqual(fs.readdirSync(parent), [], 'no results folder');
    }
  });
});
