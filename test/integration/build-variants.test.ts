import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { readResultRows } from '../../src/write/results-writer.ts';
import { fixture, gosweep } from '../helpers/cli.ts';
import { tmpDir } from '../helpers/tmp.ts';

describe('build variants (claims C2, C4, C5, C6, C11)', { timeout: 300_000 }, () => {
  it('builds with another Go, with automaxprocs and stripped, and records what each saw', async (t) => {
    const parent = tmpDir(t);
    const run = await gosweep(['run', fixture('matrices', 'variants.yaml'), '--results-dir', parent]);
    assert.equal(run.exitCode, 0, run.all);
    const dir = path.join(parent, fs.readdirSync(parent)[0] as string);
    const rows = readResultRows(dir);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8'));
    assert.equal(rows.length, 8);
    const find = (go: string, tags: string, strip: boolean, base = 'scratch', upx = false, pad: number | string = 0) =>
      rows.find((r) => r.param_build_go === go && r.param_build_tags === tags && r.param_build_strip === strip && r.param_build_base === base && r.param_build_upx === upx && r.param_build_pad === pad);
    const cell = (go: string, tags: string, strip: boolean, base = 'scratch') => {
      const row = find(go, tags, strip, base);
      assert.ok(row, `no row for ${go} ${tags} strip=${strip}`);
      assert.equal(row.status, 'completed', row.error_message ?? undefined);
      return row;
    };
    const local = (await execa('go', ['env', 'GOVERSION'])).stdout.trim();
    const hostCpus = Number(meta.host.targets.docker!.cpus);

    // What each runtime chose for half a CPU.
    assert.equal(cell('local', 'none', false).go_version, local);
    assert.equal(cell('local', 'none', false).gomaxprocs, Math.min(2, hostCpus), 'Go 1.25+: ceil(0.5) with a floor of 2');
    assert.equal(cell('local', 'automaxprocs', false).gomaxprocs, 1, 'automaxprocs rounds down, minimum 1');
    assert.equal(cell('go1.24.13', 'none', false).go_version, 'go1.24.13');
    assert.equal(cell('go1.24.13', 'none', false).gomaxprocs, hostCpus, 'Go 1.24 ignores the quota: NumCPU');
    assert.equal(cell('go1.24.13', 'automaxprocs', false).gomaxprocs, 1);

    // -s -w drops the symbol table and DWARF.
    const stripped = cell('local', 'none', true).binary_bytes ?? 0;
    const full = cell('local', 'none', false).binary_bytes ?? 0;
    assert.ok(stripped < 0.8 * full, `stripped ${stripped} B vs ${full} B`);

    // A scratch image is the binary; the static base adds certificates and zoneinfo.
    const scratch = cell('local', 'none', false);
    const withBase = cell('local', 'none', false, 'static');
    assert.equal(withBase.binary_bytes, scratch.binary_bytes, 'the same binary');
    assert.ok(Math.abs((scratch.image_bytes ?? 0) - full) < 4096);
    assert.ok((withBase.image_bytes ?? 0) > full + 1_000_000, `static image ${withBase.image_bytes} B`);

    // Padding adds its payload to the binary, byte for byte.
    const padded = find('local', 'none', false, 'scratch', false, '8m');
    assert.equal(padded?.status, 'completed');
    assert.ok(Math.abs((padded?.binary_bytes ?? 0) - full - 8 * 1024 * 1024) < 64 * 1024, `padded ${padded?.binary_bytes} B`);

    // UPX: compressed where upx is installed; skipped, with the reason, where it is not.
    const upx = find('local', 'none', true, 'scratch', true);
    assert.ok(upx);
    const hasUpx = (await execa('upx', ['--version'], { reject: false })).exitCode === 0;
    if (hasUpx) assert.ok((upx.binary_bytes ?? 0) < 0.5 * stripped);
    else {
      assert.equal(upx.status, 'skipped');
      assert.match(upx.error_message ?? '', /upx is not installed/);
    }
  });
});
