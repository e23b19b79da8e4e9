import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../src/paths.ts';
import { fixture, gosweep } from '../helpers/cli.ts';

const ANSI = /\u001b\[/;

describe('gosweep CLI manners', () => {
  it('--version prints the version of its package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
    const r = await gosweep(['--version']);
    assert.equal(r.exitCode, 0, r.all);
    assert.equal(r.stdout.trim(), version);
  });

  it('--no-color takes the colours out, before or after the command, as NO_COLOR does', async () => {
    const bad = fixture('matrices', 'bad.yaml');
    const coloured = await gosweep(['run', bad, '--dry-run'], { env: { NO_COLOR: undefined as unknown as string, FORCE_COLOR: '1' } });
    assert.match(coloured.stderr, ANSI, 'coloured when forced');
    for (const args of [['--no-color', 'run', bad, '--dry-run'], ['run', bad, '--dry-run', '--no-color']]) {
      const plain = await gosweep(args, { env: { NO_COLOR: undefined as unknown as string, FORCE_COLOR: '1' } });
      assert.equal(plain.exitCode, 2, plain.all);
      assert.doesNotMatch(plain.stderr, ANSI, args.join(' '));
    }
  });
});
