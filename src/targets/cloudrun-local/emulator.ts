import { status } from '@grpc/grpc-js';
import type Docker from 'dockerode';
import { DEFAULT_CLOUDRUN } from '../../types.ts';
import { LABEL_IDLE_WINDOW, LABEL_SCALING, LABEL_THROTTLE, type LocalService, type ServiceMark } from '../cloudrun/index.ts';
import { ApiError, type RunServiceSpec } from './run-service-spec.ts';
import type { ServiceBackend } from './services-api.ts';
import type { ServiceConfig } from './service-config.ts';
import { CloudRunService } from './service.ts';

export interface EmulatorOptions {
  docker: Docker;
  proxyBinary: string;
  hostCpus: number;
  sweepId: string;
  log: (line: string) => void;
}

const invalid = (message: string) => new ApiError(status.INVALID_ARGUMENT, message);

/** A Kubernetes quantity of CPU ("1", "0.5", "500m") in cores. */
export function parseCpu(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(text);
  return m ? Number(m[1]) / (m[2] ? 1000 : 1) : null;
}

/** A memory quantity ("512Mi", "1Gi", "512M", "2G") in bytes. */
export function parseMemory(text: string): number | null {
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(text);
  if (!m) return null;
  const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, K: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

/** What a revision of a v2 Service runs here; an INVALID_ARGUMENT for what the emulator cannot run. */
export function configOf(name: string, spec: RunServiceSpec, revision: string): ServiceConfig {
  const { template } = spec;
  const container = template.containers[0];
  if (!container) throw invalid('template.containers: exactly one container is needed');
  const cpus = parseCpu(container.resources.limits.cpu ?? '1');
  const memoryBytes = parseMemory(container.resources.limits.memory ?? '512Mi');
  if (cpus === null) throw invalid(`resources.limits.cpu ${container.resources.limits.cpu} is not a CPU quantity`);
  if (memoryBytes === null) throw invalid(`resources.limits.memory ${container.resources.limits.memory} is not a memory quantity`);
  const probe = container.startupProbe as { httpGet?: { path?: string }; periodSeconds?: number; failureThreshold?: number; initialDelaySeconds?: number } | null;
  if (!probe?.httpGet?.path) throw invalid('cloudrun-local needs an HTTP startup probe (startupProbe.httpGet.path) to know when an instance is ready');
  const throttle = template.labels[LABEL_THROTTLE] === 'freeze' ? 'freeze' : 'quota';
  const scaling = spec.scaling?.minInstanceCount ? { ...template.scaling, minInstanceCount: Math.max(template.scaling.minInstanceCount, spec.scaling.minInstanceCount) } : template.scaling;
  return {
    service: name.split('/').pop() as string,
    revision,
    image: container.image,
    args: container.args,
    env: Object.fromEntries(container.env.map((e) => [e.name, e.value ?? ''])),
    cpus,
    memoryBytes,
    concurrency: template.maxInstanceRequestConcurrency,
    cpuIdle: container.resources.cpuIdle,
    cpuBoost: container.resources.startupCpuBoost,
    minInstances: scaling.minInstanceCount,
    maxInstances: scaling.maxInstanceCount,
    throttle,
    scaling: template.labels[LABEL_SCALING] === 'reactive' ? 'reactive' : 'target',
    idleWindowMs: Number(template.labels[LABEL_IDLE_WINDOW] ?? DEFAULT_CLOUDRUN.idleWindowSeconds) * 1000,
    healthPath: probe.httpGet.path,
    readyTimeoutMs: ((probe.initialDelaySeconds ?? 0) + (probe.periodSeconds ?? 10) * (probe.failureThreshold ?? 3)) * 1000,
  };
}

/** Cloud Run's services on this machine, behind the v2 API: each one a proxy and a control loop over Docker containers. */
export class CloudRunEmulator implements ServiceBackend, LocalService {
  readonly #opts: EmulatorOptions;
  readonly #services = new Map<string, CloudRunService>();

  constructor(opts: EmulatorOptions) {
    this.#opts = opts;
  }

  #get(name: string): CloudRunService {
    const service = this.#services.get(name);
    if (!service) throw new ApiError(status.NOT_FOUND, `service ${name} is not running here`);
    return service;
  }

  async create(name: string, spec: RunServiceSpec, revision: string): Promise<{ uri: string }> {
    const config = configOf(name, spec, revision);
    const { docker, proxyBinary, hostCpus, sweepId, log } = this.#opts;
    const service = await CloudRunService.start({ docker, proxyBinary, hostCpus, labels: { sweepId, runId: `cloudrun-local:${config.service}` }, log }, config);
    this.#services.set(name, service);
    return { uri: service.url };
  }

  async update(name: string, spec: RunServiceSpec, revision: string): Promise<void> {
    const service = this.#get(name);
    const config = configOf(name, spec, revision);
    const why = service.cannotRevise(config);
    if (why) throw new ApiError(status.FAILED_PRECONDITION, why);
    await service.revise(config);
  }

  async delete(name: string): Promise<void> {
    await this.#services.get(name)?.close();
    this.#services.delete(name);
  }

  async mark(name: string): Promise<ServiceMark> {
    const service = this.#get(name);
    const { proxy, counters, cpu } = await service.mark();
    return {
      served: proxy.served,
      throttled: proxy.throttled,
      inFlightMean: proxy.inFlightMean,
      queueWaitP50Ms: proxy.queueWaitUs.p50 / 1000,
      queueWaitP99Ms: proxy.queueWaitUs.p99 / 1000,
      started: counters.started,
      maxInstances: counters.maxInstances,
      instanceMs: counters.instanceMs,
      busyMs: counters.busyMs,
      cpu,
      proxyCpuMs: service.proxyCpuMs(),
    };
  }

  lastStartError(name: string): string | null {
    return this.#services.get(name)?.lastStartError ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#services.values()].map((s) => s.close()));
    this.#services.clear();
  }
}
