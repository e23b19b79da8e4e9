import type { ServicesClient, protos } from '@google-cloud/run';
import { HarnessError } from '../../errors.ts';
import type { Stage } from '../../types.ts';

type Service = protos.google.cloud.run.v2.IService;

/** Polls an operation from 100 ms up to every 2 s, for at most 10 minutes (a deploy is seconds to minutes). */
const POLLING = {
  longrunning: { initialRetryDelayMillis: 100, retryDelayMultiplier: 1.3, maxRetryDelayMillis: 2000, initialRpcTimeoutMillis: null, rpcTimeoutMultiplier: null, maxRpcTimeoutMillis: null, totalTimeoutMillis: 600_000 },
} as const;

/** The gRPC status codes Cloud Run answers with, and what to do about each. */
const HINTS: Record<number, string> = {
  3: 'Cloud Run refused the settings: see the message; `gosweep run --dry-run` checks cpu, memory and concurrency',
  5: 'the service is gone; run the sweep again',
  7: 'the credentials need roles/run.developer and roles/iam.serviceAccountUser on the runtime service account (README: target cloudrun)',
  8: 'a Cloud Run quota was reached (services, instances or CPU in this region); lower cloudrun.maxInstances or ask for more quota',
  16: 'no valid Google credentials: run "gcloud auth application-default login" or set GOOGLE_APPLICATION_CREDENTIALS',
};

function failure(action: string, err: unknown, stage: Stage): HarnessError {
  const code = (err as { code?: number }).code ?? -1;
  return new HarnessError(`Cloud Run ${action} failed: ${(err as Error).message}`, { stage, hint: HINTS[code] ?? 'see the message; "gosweep cleanup" removes what a failed sweep left', cause: err });
}

/** Creates a service and waits until its first revision is ready; returns its URL. */
export async function createService(client: ServicesClient, parent: string, serviceId: string, service: Service): Promise<{ name: string; uri: string }> {
  try {
    const [operation] = await client.createService({ parent, serviceId, service }, POLLING);
    const [created] = await operation.promise();
    if (!created.uri || !created.name) throw new Error('the service has no URL');
    return { name: created.name, uri: created.uri };
  } catch (err) {
    throw failure(`create of ${serviceId}`, err, 'deploy');
  }
}

/** Replaces the service's template (a new revision, new instances) and waits until it serves. */
export async function reviseService(client: ServicesClient, name: string, service: Service): Promise<void> {
  try {
    const [operation] = await client.updateService({ service: { ...service, name } }, POLLING);
    await operation.promise();
  } catch (err) {
    throw failure(`new revision of ${name}`, err, 'cold-start');
  }
}

/** Deletes a service; one already gone is not an error. */
export async function deleteService(client: ServicesClient, name: string): Promise<void> {
  try {
    const [operation] = await client.deleteService({ name }, POLLING);
    await operation.promise();
  } catch (err) {
    if ((err as { code?: number }).code !== 5) throw failure(`delete of ${name}`, err, 'deploy');
  }
}

/** Services under a parent with their labels, for cleanup. */
export async function listServices(client: ServicesClient, parent: string): Promise<Array<{ name: string; labels: Record<string, string> }>> {
  const found: Array<{ name: string; labels: Record<string, string> }> = [];
  for await (const s of client.listServicesAsync({ parent })) found.push({ name: s.name ?? '', labels: (s.labels ?? {}) as Record<string, string> });
  return found;
}
