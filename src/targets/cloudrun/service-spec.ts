import os from 'node:os';
import type { protos } from '@google-cloud/run';
import { readyPath, type Cell } from '../../types.ts';
import { instanceLimits } from './check.ts';

type Service = protos.google.cloud.run.v2.IService;

/** Labels on every service gosweep makes, so `gosweep cleanup` finds them (Cloud Run label values: lowercase, ≤ 63). */
export const LABEL_SWEEP = 'gosweep-sweep';
export const LABEL_OWNER_PID = 'gosweep-owner-pid';
export const LABEL_OWNER_HOST = 'gosweep-owner-host';
/** Local only: how cloudrun-local takes the CPU away (cloudrun.throttle), scales out (cloudrun.scaling) and how long it keeps an idle instance (cloudrun.idleWindow). */
export const LABEL_THROTTLE = 'gosweep-throttle';
export const LABEL_IDLE_WINDOW = 'gosweep-idle-window-s';
export const LABEL_SCALING = 'gosweep-scaling';
/** The env variable whose new value makes a new revision: a cold start. */
export const NONCE_ENV = 'GOSWEEP_NONCE';

/** A label value Cloud Run accepts: lowercase letters, digits, _ and -, at most 63. */
export function labelValue(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 63);
}

/** Memory as Cloud Run writes it: whole Mi. */
export function memoryLimit(bytes: number): string {
  return `${Math.ceil(bytes / 1024 ** 2)}Mi`;
}

/**
 * The v2 Service of a cell: every setting the claims depend on is sent
 * explicitly (cpuIdle above all: left out, Cloud Run bills by instance and C10
 * would measure the wrong mode), and the health path is the startup probe, so
 * no request reaches an instance before it answers. PORT is Cloud Run's to set.
 */
export function serviceSpec(cell: Cell, image: string, opts: { sweepId: string; nonce: string; local: boolean; readyTimeoutS: number }): Service {
  const { cloudrun } = cell;
  const limits = instanceLimits(cell);
  const env = Object.entries({ ...cell.env, [NONCE_ENV]: opts.nonce }).map(([name, value]) => ({ name, value }));
  return {
    labels: { [LABEL_SWEEP]: labelValue(opts.sweepId), [LABEL_OWNER_PID]: String(process.pid), [LABEL_OWNER_HOST]: labelValue(os.hostname()) },
    ingress: 'INGRESS_TRAFFIC_ALL',
    template: {
      labels: opts.local ? { [LABEL_THROTTLE]: cloudrun.throttle, [LABEL_SCALING]: cloudrun.scaling, [LABEL_IDLE_WINDOW]: String(cloudrun.idleWindowSeconds) } : {},
      scaling: { minInstanceCount: cloudrun.minInstances, maxInstanceCount: cloudrun.maxInstances },
      maxInstanceRequestConcurrency: cloudrun.concurrency,
      timeout: { seconds: 60 },
      containers: [
        {
          image,
          env,
          // Cloud Run passes PORT; a service's own arguments go as the container's (its entrypoint stays).
          args: cell.workload.listen.args,
          resources: { limits: { cpu: String(limits.cpus), memory: memoryLimit(limits.memoryBytes) }, cpuIdle: cloudrun.cpu === 'request', startupCpuBoost: cloudrun.cpuBoost },
          startupProbe: { httpGet: { path: readyPath(cell.workload) }, periodSeconds: 1, timeoutSeconds: 1, failureThreshold: Math.min(240, opts.readyTimeoutS) },
        },
      ],
    },
  };
}
