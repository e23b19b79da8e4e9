import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuStat, freezerOf, memoryPeakBytes, NO_FREEZER } from '../../src/targets/docker/cgroup-files.ts';

describe('a container\'s cgroup files', () => {
  // An empty or short id would name the parent cgroup: freezing it froze every container on the engine.
  for (const id of ['', 'abc123', '../docker']) {
    it(`never touch a parent cgroup for the id '${id}'`, () => {
      assert.equal(freezerOf(id), NO_FREEZER);
      assert.equal(memoryPeakBytes(id), null);
      assert.equal(cpuStat(id), null);
    });
  }
});
