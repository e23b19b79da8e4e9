import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFlags, describeBuild } from '../../src/build/go-build.ts';
import { dockerfile } from '../../src/build/image.ts';
import { expandCells } from '../../src/matrix/expand.ts';
import { DEFAULT_BUILD } from '../../src/types.ts';
import { matrix } from '../helpers/matrix.ts';

describe('build variants', () => {
  it('turns build.* axes into a variant per cell, defaults for the rest', () => {
    const cells = expandCells(matrix({
      axes: [
        { name: 'workload', values: ['hello'] },
        { name: 'build.strip', values: [true] },
        { name: 'build.go', values: ['local', 'go1.24.13'] },
        { name: 'build.tags', values: ['none', 'automaxprocs,automemlimit'] },
      ],
    }));
    assert.deepEqual(cells.map((c) => c.build), [
      { tags: [], strip: true, trimpath: true, go: null, base: 'scratch', upx: false, padBytes: 0 },
      { tags: ['automaxprocs', 'automemlimit'], strip: true, trimpath: true, go: null, base: 'scratch', upx: false, padBytes: 0 },
      { tags: [], strip: true, trimpath: true, go: 'go1.24.13', base: 'scratch', upx: false, padBytes: 0 },
      { tags: ['automaxprocs', 'automemlimit'], strip: true, trimpath: true, go: 'go1.24.13', base: 'scratch', upx: false, padBytes: 0 },
    ]);
    assert.deepEqual(expandCells(matrix())[0]?.build, DEFAULT_BUILD);
  });

  const cases: Array<[string, typeof DEFAULT_BUILD, string[], string[]]> = [
    ['the default', DEFAULT_BUILD, ['-trimpath'], []],
    ['stripped', { ...DEFAULT_BUILD, strip: true }, ['-trimpath', '-ldflags=-s -w'], ['-s -w']],
    ['no trimpath, tags, Go 1.24, static base', { tags: ['automaxprocs'], strip: false, trimpath: false, go: 'go1.24.13', base: 'static', upx: true, padBytes: 1024 }, ['-tags=automaxprocs,pad'], ['-tags=automaxprocs', 'no-trimpath', 'go1.24.13', 'base=static', 'upx', 'pad=1024B']],
  ];
  for (const [name, variant, flags, words] of cases) {
    it(`gives go build flags for ${name}`, () => {
      assert.deepEqual(buildFlags(variant), flags);
      assert.deepEqual(describeBuild(variant), words);
    });
  }

  it('starts each image base from scratch or the base made here, never from a registry', () => {
    const binary = { path: '/tmp/app', hash: 'h', goVersion: 'go1.26.8', bytes: 1 };
    const from = (base: typeof DEFAULT_BUILD.base, image: string | null = null) => dockerfile(binary, base, image).split('\n').filter((l) => /^(FROM|COPY)/.test(l));
    assert.deepEqual(from('scratch'), ['FROM scratch', 'COPY app /app']);
    assert.deepEqual(from('static'), ['FROM scratch', 'COPY rootfs/ /', 'COPY app /app']);
    assert.deepEqual(from('debian-slim', 'gosweep-base/debian-slim:bookworm-0123456789ab'), ['FROM gosweep-base/debian-slim:bookworm-0123456789ab', 'COPY app /app']);
    assert.throws(() => from('debian-slim'), /needs its base image/);
  });

  it('reads build.base debian-slim into the variant', () => {
    const [cell] = expandCells(matrix({ axes: [{ name: 'workload', values: ['hello'] }, { name: 'build.base', values: ['debian-slim'] }] }));
    assert.equal(cell?.build.base, 'debian-slim');
  });
});
