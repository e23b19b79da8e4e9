import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCells } from '../../src/matrix/expand.ts';
import { cloudRunProblems } from '../../src/targets/cloudrun/check.ts';
import { matrix, workload } from '../helpers/matrix.ts';

const cell = (params: Record<string, string | number | boolean>) =>
  expandCells(matrix({ workloads: [workload('io')], axes: [{ name: 'workload', values: ['io'] }, { name: 'target', values: ['cloudrun-local'] }, ...Object.entries(params).map(([name, v]) => ({ name, values: [v] }))] }))[0]!;

describe('the CPU, memory and concurrency Cloud Run accepts', () => {
  const cases: Array<[string, Record<string, string | number | boolean>, RegExp | null]> = [
    ['the defaults (1 CPU, 512 MiB, 80 requests)', {}, null],
    ['half a CPU at concurrency 1', { cpus: 0.5, 'cloudrun.concurrency': 1 }, null],
    ['half a CPU at concurrency 80', { cpus: 0.5 }, /below 1 CPU Cloud Run takes 0\.08 or more, and one request at a time/],
    ['half a CPU billed by instance', { cpus: 0.5, 'cloudrun.concurrency': 1, 'cloudrun.cpu': 'instance' }, /bills by request only/],
    ['3 CPUs', { cpus: 3, memory: '4g' }, /2, 4, 6 or 8/],
    ['4 CPUs with 1 GiB', { cpus: 4, memory: '1g' }, /at least 2 GiB/],
    ['8 GiB with 2 CPUs', { cpus: 2, memory: '10g' }, /at least 4 CPUs/],
    ['64 MiB', { memory: '64m' }, /128 MiB to 32 GiB/],
    ['min above max', { 'cloudrun.minInstances': 3, 'cloudrun.maxInstances': 2 }, /minInstances 3 is above maxInstances 2/],
  ];
  for (const [name, params, want] of cases) {
    it(name, () => {
      const problems = cloudRunProblems(cell(params));
      if (want === null) assert.deepEqual(problems, []);
      else assert.ok(problems.some((p) => want.test(p.message)), JSON.stringify(problems));
    });
  }
});
