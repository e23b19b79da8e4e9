import type { CloudRunOptions } from '../../types.ts';

/** What one revision of a service runs, as cloudrun-local reads it from the v2 Service. */
export interface ServiceConfig {
  /** K_SERVICE and K_REVISION, as Cloud Run sets them. */
  service: string;
  revision: string;
  image: string;
  env: Record<string, string>;
  /** The container's arguments, replacing the image's CMD; empty keeps it. */
  args: string[];
  cpus: number;
  memoryBytes: number;
  concurrency: number;
  /** Request-based CPU: taken away while nothing is in flight. */
  cpuIdle: boolean;
  cpuBoost: boolean;
  minInstances: number;
  maxInstances: number;
  throttle: CloudRunOptions['throttle'];
  scaling: CloudRunOptions['scaling'];
  /** An instance idle this long is retired, down to minInstances. */
  idleWindowMs: number;
  /** The startup probe's path: an instance takes requests once it answers 2xx. */
  healthPath: string;
  readyTimeoutMs: number;
}
