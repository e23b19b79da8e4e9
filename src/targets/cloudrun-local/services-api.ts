/**
 * A local Cloud Run Admin API v2 (google.cloud.run.v2.Services, plus
 * google.longrunning.Operations) over insecure gRPC, for the unchanged
 * `ServicesClient` of @google-cloud/run:
 *
 *   new ServicesClient({ apiEndpoint: host, port, sslCreds: credentials.createInsecure(), universeDomain: 'googleapis.com' })
 *
 * (with sslCreds the client needs no credentials; naming the universe domain
 * also keeps gax from looking for Application Default Credentials to learn it).
 * It validates and stores services the way Cloud Run does and hands their data
 * path to a backend; writes are long-running operations that finish when the
 * backend's call does.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Server, ServerCredentials, status, type handleUnaryCall } from '@grpc/grpc-js';
import { ApiError, checkedSpec, invalid, type RunServiceSpec } from './run-service-spec.ts';
import { operationsService, packService, servicesService, timestamp, type Operation, type Timestamp } from './services-proto.ts';

export interface ServiceBackend {
  /** Starts a service's data path; resolves with its URL once its revision is ready. Reject with ApiError for a bad spec. */
  create(name: string, spec: RunServiceSpec, revision: string): Promise<{ uri: string }>;
  /**
   * A changed spec. A changed template is a new revision, replacing every instance of the old;
   * not called when only labels, annotations or the description change.
   */
  update(name: string, spec: RunServiceSpec, revision: string): Promise<void>;
  /** Also called for a service whose create failed. */
  delete(name: string): Promise<void>;
}

const PARENT = /^projects\/([^/]+)\/locations\/([^/]+)$/;
const NAME = /^(projects\/([^/]+)\/locations\/([^/]+))\/services\/([^/]+)$/;
const SERVICE_ID = /^[a-z](?:[a-z0-9-]{0,47}[a-z0-9])?$/;
/** Fields whose change needs nothing of the backend. */
const METADATA_ONLY = ['labels', 'annotations', 'description', 'client', 'clientVersion'];

type Condition = { type: string; state: string; message: string; lastTransitionTime: Timestamp };
/** A stored Service: the spec and what Cloud Run fills in. */
type Service = RunServiceSpec & {
  name: string; uid: string; generation: number; createTime: Timestamp; updateTime: Timestamp; deleteTime: Timestamp | null; etag: string;
  uri: string; urls: string[]; latestCreatedRevision: string; latestReadyRevision: string; observedGeneration: number; reconciling: boolean;
  terminalCondition: Condition; conditions: Condition[]; trafficStatuses: Array<Record<string, unknown>>;
};
/** One service and its backend calls, which run one after another. */
interface Entry { service: Service; revisions: Set<string>; queue: Promise<void> }
/** The revision and generation an operation makes ready. */
interface Target { revision: string; generation: number }

const condition = (type: string, state: string, message = ''): Condition => ({ type, state, message, lastTransitionTime: timestamp() });
const etag = () => `"${randomBytes(12).toString('base64url')}"`;
const letters = () => Array.from({ length: 3 }, () => String.fromCharCode(97 + randomInt(26))).join('');

function notFound(name: string): ApiError {
  const [, , project, location, id] = NAME.exec(name) ?? [];
  return new ApiError(status.NOT_FOUND, `Resource '${id ?? name}' of kind 'SERVICE' in region '${location ?? '?'}' in project '${project ?? '?'}' does not exist.`);
}

/** Makes a unary handler of an async function; an ApiError becomes its status, anything else INTERNAL. */
function unary<Req>(fn: (request: Req) => unknown): handleUnaryCall<Req, unknown> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (response) => callback(null, response),
        (e: unknown) => callback(e instanceof ApiError ? e : { code: status.INTERNAL, details: e instanceof Error ? e.message : String(e) }),
      );
  };
}

export class ServicesApi {
  readonly #server = new Server();
  readonly #backend: ServiceBackend;
  readonly #services = new Map<string, Entry>();
  readonly #operations = new Map<string, { op: Operation; settled: Promise<void> }>();
  #port = 0;

  private constructor(backend: ServiceBackend) {
    this.#backend = backend;
    type R = { [field: string]: any }; // a decoded request
    this.#server.addService(servicesService, {
      CreateService: unary((r: R) => this.#create(r.parent, r.service, r.serviceId, r.validateOnly)),
      GetService: unary((r: R) => this.#entry(r.name).service),
      UpdateService: unary((r: R) => this.#update(r.service, r.validateOnly, r.allowMissing)),
      DeleteService: unary((r: R) => this.#delete(r.name, r.validateOnly, r.etag)),
      ListServices: unary((r: R) => this.#list(r.parent, r.pageSize, r.pageToken)),
    });
    this.#server.addService(operationsService, {
      GetOperation: unary((r: R) => this.#operation(r.name).op),
      ListOperations: unary((r: R) => ({ operations: [...this.#operations.values()].map((o) => o.op).filter((op) => op.name.startsWith(`${r.name}/operations/`)), nextPageToken: '' })),
      DeleteOperation: unary((r: R) => (this.#operation(r.name), this.#operations.delete(r.name), {})),
      WaitOperation: unary(async (r: R) => {
        const { op, settled } = this.#operation(r.name);
        let timer: NodeJS.Timeout | undefined;
        const ms = r.timeout ? r.timeout.seconds * 1000 + r.timeout.nanos / 1e6 : 60_000;
        await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
        clearTimeout(timer);
        return op;
      }),
    });
  }

  /** Listens on 127.0.0.1 at a free port, without TLS. */
  static async start(backend: ServiceBackend): Promise<ServicesApi> {
    const api = new ServicesApi(backend);
    api.#port = await new Promise<number>((resolve, reject) =>
      api.#server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    return api;
  }

  get endpoint(): { host: string; port: number } {
    return { host: '127.0.0.1', port: this.#port };
  }

  /** Stops listening; calls still open after a second are cut. Backend calls in flight carry on. */
  async close(): Promise<void> {
    const timer = setTimeout(() => this.#server.forceShutdown(), 1000);
    await new Promise<void>((resolve) => this.#server.tryShutdown(() => resolve()));
    clearTimeout(timer);
  }

  #entry(name: string): Entry {
    const entry = this.#services.get(name);
    if (!entry) throw notFound(name);
    return entry;
  }

  #operation(name: string) {
    const found = this.#operations.get(name);
    if (!found) throw new ApiError(status.NOT_FOUND, `Operation '${name}' does not exist.`);
    return found;
  }

  #create(parent: string, raw: Record<string, unknown> | null, serviceId: string, validateOnly: boolean): Operation {
    if (!PARENT.test(parent)) throw invalid(`parent: '${parent}' is not of the form projects/{project}/locations/{location}.`);
    if (!SERVICE_ID.test(serviceId)) {
      throw invalid(`service_id: '${serviceId}' is not valid: a service name must use only lowercase alphanumeric characters and dashes, begin with a letter, not end with a dash, and be at most 49 characters long.`);
    }
    const spec = checkedSpec(raw, serviceId);
    const name = `${parent}/services/${serviceId}`;
    if (this.#services.has(name)) throw new ApiError(status.ALREADY_EXISTS, `Resource '${serviceId}' already exists.`);
    const now = timestamp();
    const service: Service = {
      ...spec, name, uid: randomUUID(), generation: 0, createTime: now, updateTime: now, deleteTime: null, etag: '', uri: '', urls: [],
      latestCreatedRevision: '', latestReadyRevision: '', observedGeneration: 0, reconciling: true,
      terminalCondition: condition('Ready', 'CONDITION_PENDING'), conditions: [], trafficStatuses: [],
    };
    const entry: Entry = { service, revisions: new Set(), queue: Promise.resolve() };
    const target = this.#revise(entry, true);
    if (validateOnly) return this.#finished(parent, service);
    this.#services.set(name, entry);
    return this.#operate(parent, entry, true, async () => {
      const { uri } = await this.#backend.create(name, structuredClone(spec), target.revision.split('/').pop() as string);
      Object.assign(service, { uri, urls: [uri] });
      this.#ready(service, target);
    });
  }

  #update(raw: Record<string, unknown> | null, validateOnly: boolean, allowMissing: boolean): Operation {
    const [, parent, , , serviceId] = NAME.exec(String(raw?.name ?? '')) ?? [];
    if (!parent || !serviceId) throw invalid(`service.name: '${String(raw?.name ?? '')}' is not of the form projects/{project}/locations/{location}/services/{service}.`);
    const entry = this.#services.get(`${parent}/services/${serviceId}`);
    if (!entry) {
      if (allowMissing) return this.#create(parent, raw, serviceId, validateOnly);
      throw notFound(`${parent}/services/${serviceId}`);
    }
    const spec = checkedSpec(raw, serviceId);
    const service = entry.service;
    if (spec.template.revision && entry.revisions.has(`${service.name}/revisions/${spec.template.revision}`)) {
      throw new ApiError(status.ALREADY_EXISTS, `Revision named '${spec.template.revision}' with different configuration already exists.`);
    }
    if (validateOnly) return this.#finished(parent, { ...service, ...spec });
    const field = (o: object, f: string) => (o as Record<string, unknown>)[f];
    const changed = (fields: string[]) => fields.some((f) => !isDeepStrictEqual(field(service, f), field(spec, f)));
    const newTemplate = changed(['template']);
    const applies = changed(Object.keys(spec).filter((f) => !METADATA_ONLY.includes(f)));
    Object.assign(service, spec);
    const target = this.#revise(entry, newTemplate);
    return this.#operate(parent, entry, true, async () => {
      if (applies) await this.#backend.update(service.name, structuredClone(spec), target.revision.split('/').pop() as string);
      this.#ready(service, target);
    });
  }

  #delete(name: string, validateOnly: boolean, givenEtag: string): Operation {
    const entry = this.#entry(name);
    const parent = NAME.exec(name)![1]!;
    if (givenEtag && givenEtag !== entry.service.etag) throw new ApiError(status.ABORTED, `The etag '${givenEtag}' does not match the service's current etag.`);
    if (validateOnly) return this.#finished(parent, entry.service);
    entry.service.reconciling = true;
    return this.#operate(parent, entry, false, async () => {
      await this.#backend.delete(name);
      Object.assign(entry.service, { deleteTime: timestamp(), reconciling: false });
      this.#services.delete(name);
    });
  }

  #list(parent: string, pageSize: number, pageToken: string) {
    const [, project, location] = PARENT.exec(parent) ?? [];
    if (!project) throw invalid(`parent: '${parent}' is not of the form projects/{project}/locations/{location}.`);
    const prefix = location === '-' ? `projects/${project}/locations/` : `${parent}/services/`;
    const all = [...this.#services.values()].map((e) => e.service).filter((s) => s.name.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
    const start = pageToken ? Number(pageToken) : 0;
    if (!Number.isInteger(start) || start < 0) throw invalid(`page_token: '${pageToken}' is not valid.`);
    const end = pageSize > 0 ? start + pageSize : all.length;
    return { services: all.slice(start, end), nextPageToken: end < all.length ? String(end) : '', unreachable: [] };
  }

  /** A new generation; with a new template, a new revision `<service>-<generation, 5 digits>-<3 letters>` (or the one the template names). */
  #revise(entry: Entry, newRevision: boolean): Target {
    const s = entry.service;
    s.generation += 1;
    if (newRevision) {
      const id = s.template.revision || `${s.name.split('/').pop()}-${String(s.generation).padStart(5, '0')}-${letters()}`;
      s.latestCreatedRevision = `${s.name}/revisions/${id}`;
      entry.revisions.add(s.latestCreatedRevision);
    }
    Object.assign(s, { updateTime: timestamp(), etag: etag(), reconciling: true });
    if (s.generation > 1) s.terminalCondition = condition('Ready', 'CONDITION_RECONCILING');
    return { revision: s.latestCreatedRevision, generation: s.generation };
  }

  /** The revision serves, all traffic per `traffic`; the service is Ready unless a newer generation is on its way. */
  #ready(s: Service, { revision, generation }: Target): void {
    s.latestReadyRevision = revision;
    s.trafficStatuses = s.traffic.map((t) => ({ ...t, uri: '' }));
    if (s.generation !== generation) return;
    Object.assign(s, { observedGeneration: s.generation, reconciling: false, terminalCondition: condition('Ready', 'CONDITION_SUCCEEDED') });
    s.conditions = [condition('RoutesReady', 'CONDITION_SUCCEEDED'), condition('ConfigurationsReady', 'CONDITION_SUCCEEDED')];
  }

  /** An operation that runs `work` after the service's earlier ones; its metadata and response are the Service. */
  #operate(parent: string, entry: Entry, failsService: boolean, work: () => Promise<void>): Operation {
    const s = entry.service;
    const generation = s.generation;
    const op: Operation = { name: `${parent}/operations/${randomUUID()}`, metadata: packService(s), done: false };
    const settled = entry.queue.then(work).then(
      () => {
        op.response = packService(s);
      },
      (e: unknown) => {
        const error = { code: e instanceof ApiError ? e.code : status.FAILED_PRECONDITION, message: e instanceof Error ? e.message : String(e), details: [] };
        op.error = error;
        s.reconciling = false;
        if (failsService && s.generation === generation) Object.assign(s, { observedGeneration: generation, terminalCondition: condition('Ready', 'CONDITION_FAILED', error.message) });
      },
    ).finally(() => {
      op.done = true;
      op.metadata = packService(s);
    });
    entry.queue = settled;
    this.#operations.set(op.name, { op, settled });
    return op;
  }

  /** The operation of a validate-only request: done at once, its response the Service as it would be. */
  #finished(parent: string, service: Service): Operation {
    const op: Operation = { name: `${parent}/operations/${randomUUID()}`, metadata: packService(service), done: true, response: packService(service) };
    this.#operations.set(op.name, { op, settled: Promise.resolve() });
    return op;
  }
}
