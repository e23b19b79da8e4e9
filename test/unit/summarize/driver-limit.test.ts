import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDriverLimited, type LimitFacts } from '../../../src/summarize/driver-limit.ts';

const base: LimitFacts = { driverCpuCores: 0.3, driverMaxCores: 2, hostCpuBusy: 0.5, hostCpus: 2, sutCpuCores: 0.9, sutQuotaCores: 1, sutGomaxprocs: null };

describe('isDriverLimited', () => {
  const cases: Array<[string, Partial<LimitFacts>, boolean]> = [
    ['a quiet host and generator', {}, false],
    ['a generator at 80% of its cores', { driverCpuCores: 1.6 }, true],
    ['a saturated host, workload held by its quota', { hostCpuBusy: 0.95, sutCpuCores: 0.97 }, false],
    ['a saturated host, workload under its quota', { hostCpuBusy: 0.95, sutCpuCores: 0.6 }, true],
    ['a saturated host, no quota, workload short of the host', { hostCpuBusy: 0.95, sutCpuCores: 1.2, sutQuotaCores: null }, true],
    ['a quota above the host counts as the host', { hostCpuBusy: 0.95, sutCpuCores: 1.85, sutQuotaCores: 4 }, false],
    ['GOMAXPROCS=1 caps a 2-CPU workload at one core', { hostCpuBusy: 0.95, sutCpuCores: 0.98, sutQuotaCores: 2, sutGomaxprocs: 1 }, false],
    ['unknown host load', { hostCpuBusy: null, sutCpuCores: 0.1 }, false],
  ];
  for (const [name, facts, want] of cases) it(name, () => assert.equal(isDriverLimited({ ...base, ...facts }), want));
});
