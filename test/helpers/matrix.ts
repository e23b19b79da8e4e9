import type { Matrix, Workload } from '../../src/types.ts';

export function workload(name: string, env: Record<string, string> = {}): Workload {
  return { name, source: { kind: 'bundled', name }, env, listen: { portEnv: 'PORT', args: [], fixedPort: null }, healthPath: '/health', infoPath: '/info', requests: [{ method: 'GET', path: '/', headers: {}, body: null, weight: 1 }] };
}

/** An in-memory matrix for pure-stage tests. */
export function matrix(partial: Partial<Matrix> = {}): Matrix {
  return {
    name: 'test',
    description: '',
    claims: [],
    gate: [],
    file: '/tmp/test.yaml',
    hash: 'h',
    workloads: [workload('hello'), workload('cpu')],
    axes: [
      { name: 'workload', values: ['hello', 'cpu'] },
      { name: 'cpus', values: [1, 2] },
      { name: 'concurrency', values: [8] },
    ],
    include: [],
    exclude: [],
    run: { repetitions: 3, coldStarts: 1, warmupSeconds: 0, durationSeconds: 1, requestTimeoutMs: 1000, readyTimeoutSeconds: 5, seed: 7, isolateDriver: true, pull: false, lambdaPrices: null, cloudrunPrices: null, idleProbes: 5 },
    ...partial,
  };
}
