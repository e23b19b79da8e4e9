// The real @google-cloud/run ServicesClient against the local Cloud Run Admin
// API, with a fake backend: what a deploy, an update, a delete and a cleanup see.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { protos, ServicesClient } from '@google-cloud/run';
import { credentials } from '@grpc/grpc-js';
import type { RunServiceSpec } from '../../src/targets/cloudrun-local/run-service-spec.ts';
import { ServicesApi, type ServiceBackend } from '../../src/targets/cloudrun-local/services-api.ts';

type IService = protos.google.cloud.run.v2.IService;
const { State } = protos.google.cloud.run.v2.Condition;
const PARENT = 'projects/demo/locations/us-central1';
const URI = 'http://127.0.0.1:1/x';

/** Services in a map; an image named `broken` never gets ready. */
class FakeBackend implements ServiceBackend {
  readonly specs = new Map<string, RunServiceSpec>();
  readonly calls: string[] = [];

  async create(name: string, spec: RunServiceSpec): Promise<{ uri: string }> {
    this.calls.push(`create ${name}`);
    await sleep(5);
    if (spec.template.containers[0]!.image === 'broken') throw new Error('The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable.');
    this.specs.set(name, spec);
    return { uri: URI };
  }

  async update(name: string, spec: RunServiceSpec): Promise<void> {
    this.calls.push(`update ${name}`);
    await sleep(5);
    this.specs.set(name, spec);
  }

  async delete(name: string): Promise<void> {
    this.calls.push(`delete ${name}`);
    this.specs.delete(name);
  }
}

function service(opts: { env?: Record<string, string>; cpuIdle?: boolean; image?: string; concurrency?: number } = {}): IService {
  return {
    labels: { 'gosweep-sweep': 's1' },
    template: {
      scaling: { minInstanceCount: 1, maxInstanceCount: 3 },
      maxInstanceRequestConcurrency: opts.concurrency ?? 1,
      containers: [{
        image: opts.image ?? '127.0.0.1:5000/io:latest',
        env: Object.entries(opts.env ?? { WORKLOAD: 'io' }).map(([name, value]) => ({ name, value })),
        resources: { limits: { cpu: '1', memory: '512Mi' }, cpuIdle: opts.cpuIdle ?? true, startupCpuBoost: true },
        ports: [{ containerPort: 8080 }],
      }],
    },
  };
}

/** A gRPC error with this code whose message matches. */
const grpcError = (code: number, message: RegExp) => (e: unknown) => {
  const err = e as { code?: number; message?: string };
  assert.equal(err.code, code, err.message);
  assert.match(err.message ?? '', message);
  return true;
};

describe('the local Cloud Run Admin API, through the real ServicesClient', () => {
  const backend = new FakeBackend();
  let api: ServicesApi;
  let client: ServicesClient;
  const name = `${PARENT}/services/io`;

  before(async () => {
    api = await ServicesApi.start(backend);
    // universeDomain: gax would otherwise look for Application Default Credentials just to learn it.
    client = new ServicesClient({ apiEndpoint: api.endpoint.host, port: api.endpoint.port, sslCreds: credentials.createInsecure(), universeDomain: 'googleapis.com' });
  });
  after(async () => {
    await client.close();
    await api.close();
  });

  it('creates a service as a long-running operation that ends with it ready at its URL', async () => {
    const [op] = await client.createService({ parent: PARENT, serviceId: 'io', service: service({ cpuIdle: true }) });
    assert.equal(op.done, false);
    assert.match(op.name ?? '', /^projects\/demo\/locations\/us-central1\/operations\/[0-9a-f-]{36}$/);
    const [svc] = await op.promise();
    assert.equal(svc.name, name);
    assert.equal(svc.uri, URI);
    assert.deepEqual(svc.urls, [URI]);
    // The LRO's response is a protobufjs message: enums are numbers, int64 a Long.
    assert.equal(svc.terminalCondition?.state, State.CONDITION_SUCCEEDED);
    assert.equal(String(svc.generation), '1');
    assert.match(svc.latestReadyRevision ?? '', /^projects\/demo\/locations\/us-central1\/services\/io\/revisions\/io-00001-[a-z]{3}$/);

    const [got] = await client.getService({ name });
    assert.equal(got.uri, URI);
    assert.equal(got.generation, '1');
    assert.equal(got.observedGeneration, '1');
    assert.equal(got.reconciling, false);
    assert.equal(got.terminalCondition?.type, 'Ready');
    assert.equal(got.terminalCondition?.state, 'CONDITION_SUCCEEDED');
    assert.equal(got.latestReadyRevision, svc.latestReadyRevision);
    assert.equal(got.latestCreatedRevision, svc.latestReadyRevision);
    assert.equal(got.uid, svc.uid);
    assert.ok(got.etag);
    assert.ok(Number(got.createTime?.seconds) > 1.7e9);
    assert.deepEqual(got.trafficStatuses?.map((t) => [t.type, t.percent]), [['TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', 100]]);

    const spec = backend.specs.get(name)!;
    const c = spec.template.containers[0]!;
    assert.deepEqual(c.env, [{ name: 'WORKLOAD', value: 'io' }]);
    assert.deepEqual(c.resources, { limits: { cpu: '1', memory: '512Mi' }, cpuIdle: true, startupCpuBoost: true });
    assert.equal(spec.template.maxInstanceRequestConcurrency, 1);
    assert.deepEqual(spec.template.scaling, { minInstanceCount: 1, maxInstanceCount: 3 });
    assert.deepEqual(c.ports, [{ name: 'http1', containerPort: 8080 }]);
  });

  it('hands the backend cpuIdle false as sent, and Cloud Run defaults for what was not', async () => {
    const [op] = await client.createService({ parent: PARENT, serviceId: 'cpu-always', service: service({ cpuIdle: false, concurrency: 0 }) });
    await op.promise();
    const spec = backend.specs.get(`${PARENT}/services/cpu-always`)!;
    assert.equal(spec.template.containers[0]!.resources.cpuIdle, false);
    assert.equal(spec.template.maxInstanceRequestConcurrency, 80);
    assert.deepEqual(spec.template.timeout, { seconds: 300, nanos: 0 });
  });

  it('updates a service: generation 2, a new revision, backend.update', async () => {
    const [got] = await client.getService({ name });
    got.template!.containers![0]!.env = [{ name: 'WORKLOAD', value: 'cpu' }];
    const [op] = await client.updateService({ service: got });
    const [svc] = await op.promise();
    assert.equal(String(svc.generation), '2');
    assert.match(svc.latestReadyRevision ?? '', /\/revisions\/io-00002-[a-z]{3}$/);
    assert.notEqual(svc.latestReadyRevision, got.latestReadyRevision);
    assert.ok(backend.calls.includes(`update ${name}`));
    assert.deepEqual(backend.specs.get(name)!.template.containers[0]!.env, [{ name: 'WORKLOAD', value: 'cpu' }]);
    const [again] = await client.getService({ name });
    assert.equal(again.generation, '2');
    assert.equal(again.terminalCondition?.state, 'CONDITION_SUCCEEDED');
  });

  it('lists the services under a parent with their labels', async () => {
    const [services] = await client.listServices({ parent: PARENT });
    assert.deepEqual(services.map((s) => [s.name, s.labels?.['gosweep-sweep']]), [[`${PARENT}/services/cpu-always`, 's1'], [name, 's1']]);
    const [none] = await client.listServices({ parent: 'projects/demo/locations/europe-west1' });
    assert.deepEqual(none, []);
  });

  it('deletes a service: the operation answers with it, then it is NOT_FOUND', async () => {
    const [op] = await client.deleteService({ name });
    const [svc] = await op.promise();
    assert.equal(svc.name, name);
    assert.ok(backend.calls.includes(`delete ${name}`));
    await assert.rejects(client.getService({ name }), grpcError(5, /Resource 'io' of kind 'SERVICE' in region 'us-central1' in project 'demo' does not exist/));
    await assert.rejects(client.deleteService({ name }), grpcError(5, /does not exist/));
  });

  it('refuses what Cloud Run refuses, before any backend call', async () => {
    const calls = backend.calls.length;
    await assert.rejects(client.createService({ parent: PARENT, serviceId: 'port', service: service({ env: { PORT: '9000' } }) }), grpcError(3, /reserved env names were provided: PORT/));
    await assert.rejects(client.createService({ parent: PARENT, serviceId: 'Bad_Name', service: service() }), grpcError(3, /service_id/));
    await assert.rejects(client.createService({ parent: PARENT, serviceId: 'many', service: service({ concurrency: 1001 }) }), grpcError(3, /max_instance_request_concurrency/));
    await assert.rejects(client.createService({ parent: PARENT, serviceId: 'cpu-always', service: service() }), grpcError(6, /already exists/));
    await assert.rejects(client.updateService({ service: { ...service(), name: `${PARENT}/services/nope` } }), grpcError(5, /'nope'/));
    assert.equal(backend.calls.length, calls);
  });

  it('fails the operation with the backend\'s message, and the service with it', async () => {
    const [op] = await client.createService({ parent: PARENT, serviceId: 'broken', service: service({ image: 'broken' }) });
    await assert.rejects(op.promise(), grpcError(9, /failed to start and listen on the port/));
    const [got] = await client.getService({ name: `${PARENT}/services/broken` });
    assert.equal(got.terminalCondition?.state, 'CONDITION_FAILED');
    assert.match(got.terminalCondition?.message ?? '', /failed to start/);
    assert.equal(got.latestReadyRevision, '');
  });
});
