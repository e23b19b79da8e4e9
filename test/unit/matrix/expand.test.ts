import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellId, expandCells } from '../../../src/matrix/expand.ts';
import { matrix, workload } from '../../helpers/matrix.ts';

describe('expandCells', () => {
  it('takes the cross product of the axes', () => {
    const cells = expandCells(matrix());
    assert.deepEqual(cells.map((c) => c.label), [
      'hello cpus=1 concurrency=8',
      'hello cpus=2 concurrency=8',
      'cpu cpus=1 concurrency=8',
      'cpu cpus=2 concurrency=8',
    ]);
  });

  it('drops excluded cells and adds included ones, without duplicates', () => {
    const cells = expandCells(
      matrix({
        exclude: [{ workload: 'hello', cpus: 2 }],
        include: [{ workload: 'hello', cpus: 0.5 }, { workload: 'cpu', cpus: 1 }],
      }),
    );
    assert.deepEqual(cells.map((c) => c.label), [
      'hello cpus=1 concurrency=8',
      'cpu cpus=1 concurrency=8',
      'cpu cpus=2 concurrency=8',
      'hello cpus=0.5 concurrency=8',
    ]);
  });

  it('gives ids that depend on the parameters only', () => {
    assert.equal(cellId({ workload: 'cpu', cpus: 1, 'env.GOGC': '50' }), cellId({ 'env.GOGC': '50', cpus: 1, workload: 'cpu' }));
    assert.notEqual(cellId({ workload: 'cpu', cpus: 1 }), cellId({ workload: 'cpu', cpus: 2 }));
    assert.match(cellId({ workload: 'cpu', cpus: 1 }), /^cpu-[0-9a-f]{8}$/);
  });

  const envCases = [
    { value: null, memory: '256m', want: undefined, why: 'unset removes the variable' },
    { value: '16', memory: '256m', want: '16', why: 'a value overrides the workload env' },
    { value: '80%', memory: '256m', want: String(Math.floor(256 * 1024 * 1024 * 0.8)), why: 'a percentage is of the memory limit' },
  ];
  for (const c of envCases) {
    it(`resolves env: ${c.why}`, () => {
      const [cell] = expandCells(
        matrix({
          workloads: [workload('cpu', { GOMAXPROCS: '4', CPU_ITERS: '10' })],
          axes: [
            { name: 'workload', values: ['cpu'] },
            { name: 'memory', values: [c.memory] },
            { name: 'env.GOMAXPROCS', values: [c.value === '80%' ? '2' : c.value] },
            { name: 'env.GOMEMLIMIT', values: [c.value === '80%' ? c.value : null] },
          ],
        }),
      );
      assert.ok(cell);
      assert.equal(cell.memoryBytes, 256 * 1024 * 1024);
      assert.equal(cell.env.CPU_ITERS, '10');
      if (c.value === '80%') assert.equal(cell.env.GOMEMLIMIT, c.want);
      else assert.equal(cell.env.GOMAXPROCS, c.want);
    });
  }
});
