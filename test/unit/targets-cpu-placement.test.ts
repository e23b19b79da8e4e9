import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCpuIsolation } from '../../src/targets/cpu-placement.ts';

describe('planCpuIsolation', () => {
  const cases: Array<[string, number, number | null, boolean, string | null, string | null]> = [
    ['a 2-core host is too small', 2, 1, true, null, null],
    ['an 8-core host pins a 2-CPU workload', 8, 2, true, '1-7', '0'],
    ['a workload that may use every CPU is not pinned', 8, null, true, null, null],
    ['a quota above host-1 is not pinned', 4, 3.5, true, null, null],
    ['a quota of host-1 is pinned', 4, 3, true, '1-3', '0'],
    ['off when the matrix says so', 8, 2, false, null, null],
  ];
  for (const [name, host, cpus, enabled, sut, driver] of cases) {
    it(name, () => {
      const plan = planCpuIsolation(host, cpus, enabled);
      assert.equal(plan.sutCpuset, sut);
      assert.equal(plan.driverCpuset, driver);
      assert.ok(plan.reason.length > 0);
    });
  }
});
