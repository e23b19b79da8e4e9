import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildBinary, hostGoarch, type GoMain } from '../../../src/build/go-build.ts';
import { cacheDir, packageRoot, workloadsDir } from '../../../src/paths.ts';
import { DEFAULT_BUILD } from '../../../src/types.ts';
import { writeFile } from '../../helpers/tmp.ts';

// Modules that take another module from a folder (`replace x => ./x` or
// `=> ../../x`), built as they are and from the copy a padded build (or an
// older Go) makes. Real go builds, without Docker: a few seconds with a warm
// Go build cache. Builds older toolchains (build.go) need are left to the
// integration tests, as they may download and compile a whole toolchain.

const PAD = { ...DEFAULT_BUILD, padBytes: 4096 };
const goModOf = (dir: string) => fs.readFileSync(path.join(dir, 'go.mod'), 'utf8');

describe('go build of modules with folder replaces', () => {
  const saved = { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME, GOCACHE: process.env.GOCACHE };
  let tmp = '';
  before(() => {
    // The harness cache (binaries, module copies) goes to a fresh folder; Go's
    // own build cache stays where it was, or every build compiles std afresh.
    process.env.GOCACHE = execFileSync('go', ['env', 'GOCACHE'], { encoding: 'utf8' }).trim();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-test-'));
    process.env.XDG_CACHE_HOME = path.join(tmp, 'cache');
  });
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * app (go 1.25) takes example.com/dep (go 1.25) from ../dep, outside it,
   * and example.com/old (go 1.21) from ./old, a module inside it.
   */
  function fixture(): { app: GoMain; dep: string } {
    const root = fs.mkdtempSync(path.join(tmp, 'mods-'));
    const app = path.join(root, 'app');
    const dep = path.join(root, 'dep');
    writeFile(app, 'go.mod', 'module example.com/app\n\ngo 1.25\n\nrequire (\n\texample.com/dep v0.0.0\n\texample.com/old v0.0.0\n)\n\nreplace example.com/dep => ../dep\n\nreplace example.com/old => ./old\n');
    writeFile(app, 'main.go', 'package main\n\nimport (\n\t"example.com/dep"\n\t"example.com/old"\n\t"example.com/app/internal/pad"\n)\n\nfunc main() { println(dep.Name(), old.Name(), pad.Bytes()) }\n');
    writeFile(app, 'internal/pad/pad.go', 'package pad\n\nimport _ "embed"\n\n//go:embed payload.bin\nvar payload []byte\n\nfunc Bytes() int { return len(payload) }\n');
    writeFile(app, 'internal/pad/payload.bin', '');
    writeFile(app, 'old/go.mod', 'module example.com/old\n\ngo 1.21\n');
    writeFile(app, 'old/old.go', 'package old\n\nfunc Name() string { return "old" }\n');
    writeFile(dep, 'go.mod', 'module example.com/dep\n\ngo 1.25\n');
    writeFile(dep, 'dep.go', 'package dep\n\nfunc Name() string { return "dep" }\n');
    return { app: { name: 'app', moduleDir: app, pkg: '.' }, dep };
  }

  it('builds the bundled hello, which takes gosweep/info from ./info, padded', async () => {
    const padded = await buildBinary({ name: 'hello', moduleDir: workloadsDir, pkg: './cmd/hello' }, hostGoarch(), PAD);
    assert.ok(padded.bytes > PAD.padBytes);
    const copy = path.join(cacheDir(), 'src', `go-workloads-go1.25-pad${PAD.padBytes}`);
    assert.match(goModOf(copy), /^replace gosweep\/info => \.\/\.replaced\/gosweep_info$/m);
    assert.match(goModOf(path.join(copy, '.replaced', 'gosweep_info')), /^module gosweep\/info$/m);
  });

  it('builds the info-user fixture, which takes gosweep/info from ../../../../go-workloads/info', async () => {
    const built = await buildBinary({ name: 'info-user', moduleDir: path.join(packageRoot, 'test', 'fixtures', 'services', 'info-user'), pkg: '.' }, hostGoarch());
    assert.ok(fs.statSync(built.path).size > 0);
  });

  it('copies replaced folders into a padded build\'s copy, and builds anew when their source or go.mod changes', async () => {
    const { app, dep } = fixture();
    const first = await buildBinary(app, hostGoarch());
    const firstPadded = await buildBinary(app, hostGoarch(), PAD);
    const copy = path.join(cacheDir(), 'src', `app-go1.25-pad${PAD.padBytes}`);
    assert.match(goModOf(copy), /^replace example\.com\/dep => \.\/\.replaced\/example\.com_dep$/m);
    assert.match(goModOf(copy), /^replace example\.com\/old => \.\/\.replaced\/example\.com_old$/m);
    assert.equal(fs.existsSync(path.join(copy, 'old')), false, 'a nested module is no part of the copy');
    // Without an older Go, go lines stay as they are.
    assert.match(goModOf(path.join(copy, '.replaced', 'example.com_dep')), /^go 1\.25$/m);
    assert.match(goModOf(path.join(copy, '.replaced', 'example.com_old')), /^go 1\.21$/m);

    const same = await buildBinary(app, hostGoarch());
    assert.deepEqual([same.hash, same.cached], [first.hash, true]);
    fs.appendFileSync(path.join(dep, 'dep.go'), '\nfunc Other() string { return "other" }\n');
    const edited = await buildBinary(app, hostGoarch());
    const editedPadded = await buildBinary(app, hostGoarch(), PAD);
    assert.deepEqual([edited.cached, editedPadded.cached], [false, false]);
    assert.notEqual(edited.hash, first.hash);
    assert.notEqual(editedPadded.hash, firstPadded.hash);
    fs.appendFileSync(path.join(dep, 'go.mod'), '\ngodebug default=go1.21\n');
    const modEdited = await buildBinary(app, hostGoarch());
    assert.equal(modEdited.cached, false);
    assert.notEqual(modEdited.hash, edited.hash);
  });
});
