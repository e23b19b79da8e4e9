import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { liveCount, Made } from '../../src/targets/live.ts';

describe('what a target made on its platform', () => {
  it('is tracked from when it is added, removed once, and untracked then', async () => {
    const before = liveCount();
    const removed: string[] = [];
    const made = new Made('test');
    made.add('a', async () => void removed.push('a'));
    made.add('a', async () => void removed.push('a again'));
    made.add('b', async () => void removed.push('b'));
    assert.equal(liveCount(), before + 2);
    await made.removeAll();
    await made.removeAll();
    assert.deepEqual(removed.sort(), ['a', 'b']);
    assert.equal(liveCount(), before);
  });

  it('keeps what could not be removed, for the removal at exit', async () => {
    const before = liveCount();
    const made = new Made('test');
    made.add('stuck', async () => {
      throw new Error('the platform refused');
    });
    await assert.rejects(made.removeAll(), /refused/);
    assert.equal(liveCount(), before + 1);
  });
});
