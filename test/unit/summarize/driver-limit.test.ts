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
    // hello at --cpus=2 on a 2-core host: 0.98 of 2 cores used, the host 89% busy, no more req/s than at 1 CPU.
    ['a host 89% busy with too few idle cores for what the workload left unused', { hostCpuBusy: 0.89, sutCpuCores: 0.98, sutQuotaCores: 2 }, true],
    ['a busy host that still had the idle cores the workload did not use', { hostCpuBusy: 0.82, sutCpuCores: 0.05, sutQuotaCores: 0.3 }, false],
    ['an I/O-bound workload on a quiet host', { hostCpuBusy: 0.3, sutCpuCores: 0.1, sutQuotaCores: 2 }, false],
  ];
  for (const [name, facts, want] of cases) it(name, () => assert.equal(isDriverLimited({ ...base, ...facts }), want));
});
