import { ServicesClient } from '@google-cloud/run';
import { GoogleAuth, type IdTokenClient } from 'google-auth-library';
import { buildWorkload, missingImages } from '../../build/index.ts';
import { publishImage } from '../../build/publish.ts';
import { HarnessError, treatAsSecret } from '../../errors.ts';
import { connectDocker } from '../docker/index.ts';
import type { TargetModule } from '../target.ts';
import { checkCloudRunCells, PROJECT_ENV, REGION_ENV, REPOSITORY_ENV } from './check.ts';
import { removeLeftServices } from './cleanup.ts';
import { CloudRunTarget } from './cloudrun-target.ts';
import { CLOUDRUN_PHASES } from './phases.ts';

export { CloudRunTarget } from './cloudrun-target.ts';
export type { CloudRunPlatform, LocalService, ServiceMark } from './platform.ts';
export { CLOUDRUN_PHASES } from './phases.ts';
export { checkCloudRunCells, cloudRunProblems, instanceLimits } from './check.ts';
export { LABEL_IDLE_WINDOW, LABEL_SCALING, LABEL_THROTTLE, NONCE_ENV } from './service-spec.ts';

const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

function where(): { project: string; region: string; parent: string } | null {
  const project = process.env[PROJECT_ENV];
  const region = process.env[REGION_ENV];
  return project && region ? { project, region, parent: `projects/${project}/locations/${region}` } : null;
}

/** An access token from the standard Google credential chain, or the fix. */
async function accessToken(auth: GoogleAuth): Promise<string> {
  try {
    const token = await auth.getAccessToken();
    if (!token) throw new Error('the credential chain gave no token');
    treatAsSecret(token);
    return token;
  } catch (err) {
    throw new HarnessError(`no Google credentials for target cloudrun: ${(err as Error).message}`, { stage: 'preflight', hint: 'run "gcloud auth application-default login", or set GOOGLE_APPLICATION_CREDENTIALS to a service account key; or use target cloudrun-local', cause: err });
  }
}

/** Google Cloud Run itself: images pushed to Artifact Registry, services through the v2 Admin API, load with an identity token. */
export const cloudrun: TargetModule = {
  name: 'cloudrun',
  phases: CLOUDRUN_PHASES,
  counts: [],
  supports: { images: true, listen: false, requests: true },
  check: (cells) => checkCloudRunCells(cells, { needsProject: true }),
  async open(scope) {
    const place = where();
    if (!place) throw new HarnessError(`target cloudrun needs ${PROJECT_ENV} and ${REGION_ENV}`, { stage: 'preflight', hint: 'export both, or use target cloudrun-local' });
    const auth = new GoogleAuth({ scopes: SCOPES });
    await accessToken(auth);
    const client = new ServicesClient({ apiEndpoint: `${place.region}-run.googleapis.com` });
    const repository = process.env[REPOSITORY_ENV] ?? `${place.region}-docker.pkg.dev/${place.project}/gosweep`;
    const docker = connectDocker();
    const idClients = new Map<string, IdTokenClient>();
    return new CloudRunTarget(
      {
        name: 'cloudrun',
        client,
        parent: place.parent,
        facts: { region: place.region, repository },
        local: null,
        // Cloud Run runs linux/amd64 images.
        missingImages: (workload) => missingImages(docker, workload),
        async publish(cell) {
          const built = await buildWorkload(docker, cell.workload, 'amd64', cell.build);
          const host = repository.split('/')[0] as string;
          const pushAuth = { username: 'oauth2accesstoken', password: await accessToken(auth), serveraddress: `https://${host}` };
          const published = await publishImage(docker, built, `${repository}/${cell.workload.name}`, pushAuth, `the credentials need roles/artifactregistry.writer on ${repository} (create it: gcloud artifacts repositories create gosweep --repository-format=docker --location=${place.region})`);
          return { ref: published.refByDigest, built };
        },
        async requestHeaders(url) {
          const audience = new URL(url).origin;
          let idClient = idClients.get(audience);
          if (!idClient) idClients.set(audience, (idClient = await auth.getIdTokenClient(audience)));
          return Object.fromEntries((await idClient.getRequestHeaders(url)).entries());
        },
        close: async () => client.close(),
      },
      scope,
    );
  },
  async cleanup({ all, sweep }) {
    const place = where();
    if (!place) return [];
    // Without credentials there is nothing this host could have made.
    const token = await new GoogleAuth({ scopes: SCOPES }).getAccessToken().catch(() => null);
    if (!token) return [];
    treatAsSecret(token);
    const client = new ServicesClient({ apiEndpoint: `${place.region}-run.googleapis.com` });
    try {
      return await removeLeftServices(client, place.parent, all, sweep);
    } catch (err) {
      throw new HarnessError(`Cloud Run refused the cleanup of gosweep's services: ${(err as Error).message.split('\n')[0]}`, { stage: 'preflight', hint: 'the credentials need run.services.list and run.services.delete (roles/run.developer) in the project', cause: err });
    } finally {
      await client.close();
    }
  },
};
