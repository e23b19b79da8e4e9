import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Docker from 'dockerode';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { numberIn } from '../helpers/rows.ts';
import { tmpDir } from '../helpers/tmp.ts';

const PHASES = ['pull_ms', 'create_ms', 'start_to_init_ms', 'package_init_ms', 'main_to_listen_ms', 'listen_to_ready_ms'];

describe('image pull as a cold-start phase (run.pull)', { timeout: 300_000 }, () => {
  it('pulls every image afresh from a local registry, bigger images slower, and leaves nothing behind', async (t) => {
    const parent = tmpDir(t);
    const run = await gosweep(['run', fixture('matrices', 'pull.yaml'), '--results-dir', parent]);
    assert.equal(run.exitCode, 0, run.all);
    assert.match(run.all, /pulled afresh at every cold start from the sweep's registry on 127\.0\.0\.1:\d+/);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const rows = readResultRows(dir);
    const cell = (pad: number | string, base: string) => {
      const row = rows.find((r) => r.param_build_pad === pad && r.param_build_base === base);
      assert.ok(row, `no row for build.pad=${pad} build.base=${base}`);
      return row;
    };
    const [plain, padded, debian] = [cell(0, 'scratch'), cell('32m', 'scratch'), cell(0, 'debian-slim')];

    // What a pull downloads: the compressed image; 32 MiB of incompressible payload, a Debian root filesystem.
    assert.ok((padded.image_pull_bytes ?? 0) - (plain.image_pull_bytes ?? 0) > 32 * 1024 ** 2, JSON.stringify([padded.image_pull_bytes, plain.image_pull_bytes]));
    assert.ok((debian.image_pull_bytes ?? 0) > 20 * 1024 ** 2, `debian-slim pull bytes ${debian.image_pull_bytes}`);
    assert.ok((debian.image_bytes ?? 0) > 60 * 1024 ** 2, `debian-slim image bytes ${debian.image_bytes}`);
    assert.ok((padded.pull_ms_median ?? 0) > (plain.pull_ms_median ?? 0), `pull ${padded.pull_ms_median} ms (32m) vs ${plain.pull_ms_median} ms`);

    // Every cold start pulled everything (no layer left in the engine), and its phases add up to its total.
    const samples = readColdStartRows(dir);
    assert.equal(samples.length, 6);
    for (const s of samples) {
      assert.equal(s.pull_layers_cached, 0, JSON.stringify(s));
      const phases = PHASES.map((c) => numberIn(s, c) ?? 0);
      assert.ok(phases.every((p) => p >= -0.5) && phases[0]! > 0, `phases: ${JSON.stringify(s)}`);
      const sum = phases.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - (s.total_ms ?? 0)) < 1, `phases add up to ${sum} ms, total ${s.total_ms} ms`);
    }

    // The registry is gone, and the images have their own tags back, not the registry's.
    assert.deepEqual(await managedContainers(), []);
    const tags = (await new Docker().listImages()).flatMap((i) => i.RepoTags ?? []);
    assert.equal(tags.filter((tag) => tag.startsWith('127.0.0.1:')).length, 0, tags.join(' '));
    for (const r of [plain, padded, debian]) assert.ok(tags.includes(r.image_tag ?? ''), `${r.image_tag} lost its tag`);
  });
});
