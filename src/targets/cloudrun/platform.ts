import type { ServicesClient } from '@google-cloud/run';
import type { Problem } from '../../errors.ts';
import type { BuiltImage, Cell, Workload } from '../../types.ts';

/** What differs between Cloud Run and its local emulation: the client's endpoint, where images go, and what only an emulator sees. */
export interface CloudRunPlatform {
  name: string;
  client: ServicesClient;
  /** projects/P/locations/L */
  parent: string;
  facts: Record<string, unknown>;
  /** Builds the cell's image and puts it where the platform runs it from; `ref` is what to deploy (by digest on Cloud Run). */
  publish(cell: Cell): Promise<{ ref: string; built: BuiltImage }>;
  /** Images and Dockerfile bases the build engine lacks, located. */
  missingImages(workload: Workload): Promise<Problem[]>;
  /** Headers a request to a service needs (an identity token on Cloud Run). */
  requestHeaders(url: string): Promise<Record<string, string>>;
  /** The emulator's view of a service; null on Cloud Run, which shows none of it to a client. */
  local: LocalService | null;
  close(): Promise<void>;
}

/** What the control loop and proxy counted for a service since the last mark. */
export interface ServiceMark {
  served: number;
  throttled: number;
  /** Requests in flight through the proxy, averaged over time since the last mark. */
  inFlightMean: number;
  queueWaitP50Ms: number;
  queueWaitP99Ms: number;
  started: number;
  maxInstances: number;
  instanceMs: number;
  busyMs: number;
  /** CFS counters of each instance, by instance id. */
  cpu: Map<string, { periods: number; throttledPeriods: number; throttledNs: number }>;
  /** CPU time the proxy has used so far, in ms; null when unreadable. */
  proxyCpuMs: number | null;
}

/** What an emulator can count that Cloud Run keeps to itself. */
export interface LocalService {
  mark(serviceName: string): Promise<ServiceMark>;
  /** Why the service's last instance did not start (its log tail), or null. */
  lastStartError(serviceName: string): string | null;
}
