import { status } from '@grpc/grpc-js';

export interface RunContainer {
  name: string;
  image: string;
  command: string[];
  args: string[];
  /** `value` is absent for a secret reference (`valueSource`). */
  env: Array<{ name: string; value?: string }>;
  resources: { limits: Record<string, string>; cpuIdle: boolean; startupCpuBoost: boolean };
  ports: Array<{ name: string; containerPort: number }>;
  startupProbe: Record<string, unknown> | null;
}

/**
 * What the server hands to its backend: the decoded v2 Service as the client
 * sent it (camelCase fields, enums as strings, int64 as numbers, unset
 * messages null), without output-only fields and with Cloud Run's defaults
 * filled in: 80 requests per instance, 300 s timeout, 100 instances at most,
 * port 8080, 1000m CPU and 512Mi memory, all traffic to the latest revision.
 */
export interface RunServiceSpec {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ingress: string;
  invokerIamDisabled: boolean;
  template: {
    revision: string;
    labels: Record<string, string>;
    scaling: { minInstanceCount: number; maxInstanceCount: number };
    timeout: { seconds: number; nanos: number };
    maxInstanceRequestConcurrency: number;
    executionEnvironment: string;
    containers: RunContainer[];
  };
  scaling: { minInstanceCount: number; maxInstanceCount: number; scalingMode: string } | null;
  traffic: Array<{ type: string; revision: string; percent: number; tag: string }>;
}

/** A gRPC status and message, for a handler or backend to reject with. Other backend errors fail the operation with FAILED_PRECONDITION, as a revision that never gets ready does. */
export class ApiError extends Error {
  readonly code: status;

  constructor(code: status, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export const invalid = (message: string) => new ApiError(status.INVALID_ARGUMENT, message);
const RESERVED_ENV = ['PORT', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION'];
const OUTPUT_ONLY = ['name', 'uid', 'generation', 'createTime', 'updateTime', 'deleteTime', 'expireTime', 'creator', 'lastModifier', 'urls', 'observedGeneration', 'terminalCondition', 'conditions', 'latestReadyRevision', 'latestCreatedRevision', 'trafficStatuses', 'uri', 'satisfiesPzs', 'threatDetectionEnabled', 'reconciling', 'etag'];

/** Cloud Run's checks of a Service, then its defaults; throws INVALID_ARGUMENT with the first problem. */
export function checkedSpec(raw: Record<string, unknown> | null, serviceId: string): RunServiceSpec {
  if (!raw?.template) throw invalid('service.template: Required field is missing.');
  const spec = structuredClone(raw) as unknown as RunServiceSpec;
  for (const field of OUTPUT_ONLY) delete (spec as unknown as Record<string, unknown>)[field];
  const t = spec.template;
  if (t.containers.length !== 1) throw invalid(`template.containers: exactly one container is supported, got ${t.containers.length}.`);
  const c = t.containers[0]!;
  if (!c.image) throw invalid('template.containers[0].image: Required field is missing: a container needs an image.');
  const reserved = c.env.map((e) => e.name).filter((n) => RESERVED_ENV.includes(n));
  if (reserved.length > 0) throw invalid(`template.containers[0].env: The following reserved env names were provided: ${reserved.join(', ')}. These values are automatically set by the system.`);
  if (c.ports.length > 1) throw invalid('template.containers[0].ports: at most one container port may be specified.');
  const port = c.ports[0]?.containerPort ?? 0;
  if (port < 0 || port > 65535) throw invalid(`template.containers[0].ports[0].container_port: ${port} is not a valid port, it must be between 1 and 65535.`);
  if (t.maxInstanceRequestConcurrency !== 0 && (t.maxInstanceRequestConcurrency < 1 || t.maxInstanceRequestConcurrency > 1000)) {
    throw invalid(`template.max_instance_request_concurrency: ${t.maxInstanceRequestConcurrency} is not valid, it must be between 1 and 1000.`);
  }
  const min = t.scaling?.minInstanceCount ?? 0;
  const max = t.scaling?.maxInstanceCount || 100;
  if (min < 0 || min > max) throw invalid(`template.scaling.min_instance_count: ${min} must be between 0 and max_instance_count (${max}).`);
  if (t.revision && !t.revision.startsWith(`${serviceId}-`)) throw invalid(`template.revision: Revision name must be prefixed by the name of the enclosing Service: '${serviceId}-'.`);

  if (spec.ingress === 'INGRESS_TRAFFIC_UNSPECIFIED') spec.ingress = 'INGRESS_TRAFFIC_ALL';
  t.scaling = { ...t.scaling, minInstanceCount: min, maxInstanceCount: max };
  t.timeout ??= { seconds: 300, nanos: 0 };
  t.maxInstanceRequestConcurrency ||= 80;
  c.resources ??= { limits: {}, cpuIdle: false, startupCpuBoost: false };
  c.resources.limits = { cpu: '1000m', memory: '512Mi', ...c.resources.limits };
  c.ports = [{ name: c.ports[0]?.name || 'http1', containerPort: port || 8080 }];
  if (spec.traffic.length === 0) spec.traffic = [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', revision: '', percent: 100, tag: '' }];
  return spec;
}
