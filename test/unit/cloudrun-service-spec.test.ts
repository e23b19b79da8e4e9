import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCells } from '../../src/matrix/expand.ts';
import { LABEL_THROTTLE, NONCE_ENV } from '../../src/targets/cloudrun/index.ts';
import { serviceSpec } from '../../src/targets/cloudrun/service-spec.ts';
import { configOf, parseCpu, parseMemory } from '../../src/targets/cloudrun-local/emulator.ts';
import type { RunServiceSpec } from '../../src/targets/cloudrun-local/run-service-spec.ts';
import { matrix, workload } from '../helpers/matrix.ts';

const cell = (params: Record<string, string | number | boolean>) =>
  expandCells(matrix({ workloads: [workload('io', { GOGC: '200' })], axes: [{ name: 'workload', values: ['io'] }, { name: 'target', values: ['cloudrun'] }, ...Object.entries(params).map(([name, v]) => ({ name, values: [v] }))] }))[0]!;
const opts = { sweepId: 'Sweep-ABC.1', nonce: 'n1', local: false, readyTimeoutS: 30 };

describe('the v2 Service of a cell', () => {
  it('always says which CPU billing it wants: cpuIdle true for request-based, false for instance-based', () => {
    for (const [cpu, idle] of [['request', true], ['instance', false]] as const) {
      const spec = serviceSpec(cell({ 'cloudrun.cpu': cpu }), 'img@sha256:1', opts);
      assert.equal(spec.template?.containers?.[0]?.resources?.cpuIdle, idle);
    }
  });

  it('sends limits, concurrency, scaling and boost, the health path as the startup probe, and never PORT', () => {
    const spec = serviceSpec(cell({ cpus: 2, memory: '1g', 'cloudrun.concurrency': 8, 'cloudrun.minInstances': 1, 'cloudrun.maxInstances': 3, 'cloudrun.cpuBoost': true }), 'img@sha256:1', opts);
    const container = spec.template?.containers?.[0];
    assert.deepEqual(container?.resources?.limits, { cpu: '2', memory: '1024Mi' });
    assert.equal(container?.resources?.startupCpuBoost, true);
    assert.equal(spec.template?.maxInstanceRequestConcurrency, 8);
    assert.deepEqual(spec.template?.scaling, { minInstanceCount: 1, maxInstanceCount: 3 });
    assert.equal(container?.startupProbe?.httpGet?.path, '/health');
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    assert.equal(env.GOGC, '200');
    assert.equal(env[NONCE_ENV], 'n1');
    assert.ok(!('PORT' in env));
  });

  it('labels the service with values Cloud Run accepts, and the throttle only for the emulator', () => {
    const spec = serviceSpec(cell({}), 'img', opts);
    for (const value of Object.values(spec.labels ?? {})) assert.match(value, /^[a-z0-9_-]{1,63}$/);
    assert.equal(spec.labels?.['gosweep-sweep'], 'sweep-abc-1');
    assert.equal(spec.template?.labels?.[LABEL_THROTTLE], undefined);
    assert.equal(serviceSpec(cell({ 'cloudrun.throttle': 'freeze' }), 'img', { ...opts, local: true }).template?.labels?.[LABEL_THROTTLE], 'freeze');
  });
});

describe("cloudrun-local's reading of a v2 Service", () => {
  it('parses CPU and memory quantities as Cloud Run writes them', () => {
    assert.equal(parseCpu('1000m'), 1);
    assert.equal(parseCpu('0.5'), 0.5);
    assert.equal(parseCpu('two'), null);
    assert.equal(parseMemory('512Mi'), 512 * 1024 ** 2);
    assert.equal(parseMemory('2G'), 2e9);
    assert.equal(parseMemory('1.5Gi'), null);
  });

  it('runs what the cell asked for, and refuses a service with no HTTP startup probe', () => {
    const sent = serviceSpec(cell({ 'cloudrun.cpu': 'instance', 'cloudrun.concurrency': 8, 'cloudrun.throttle': 'freeze' }), 'gosweep/io:1', { ...opts, local: true });
    const spec = sent as unknown as RunServiceSpec;
    const config = configOf('projects/p/locations/l/services/s1', spec, 's1-00001');
    assert.deepEqual(
      { image: config.image, cpus: config.cpus, memoryBytes: config.memoryBytes, concurrency: config.concurrency, cpuIdle: config.cpuIdle, throttle: config.throttle, healthPath: config.healthPath, readyTimeoutMs: config.readyTimeoutMs, service: config.service },
      { image: 'gosweep/io:1', cpus: 1, memoryBytes: 512 * 1024 ** 2, concurrency: 8, cpuIdle: false, throttle: 'freeze', healthPath: '/health', readyTimeoutMs: 30_000, service: 's1' },
    );
    const noProbe = structuredClone(spec);
    noProbe.template.containers[0]!.startupProbe = null;
    assert.throws(() => configOf('projects/p/locations/l/services/s1', noProbe, 'r'), /HTTP startup probe/);
  });
});
