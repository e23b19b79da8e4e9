import { ServicesClient } from '@google-cloud/run';
import { credentials } from '@grpc/grpc-js';
import { buildWorkload, missingImages } from '../../build/index.ts';
import { buildTool } from '../../build/tools.ts';
import { checkCloudRunCells, CLOUDRUN_PHASES, CloudRunTarget } from '../cloudrun/index.ts';
import { connectDocker, docker, inspectDockerHost, requireLocalEngine } from '../docker/index.ts';
import type { TargetModule } from '../target.ts';
import { CloudRunEmulator } from './emulator.ts';
import { ServicesApi } from './services-api.ts';

/** Not a project: the placeholder in the names the emulator serves. */
const LOCAL_PARENT = 'projects/local/locations/local';

/**
 * Google Cloud Run emulated on this machine's Docker engine, for what claims
 * C9, C10 and C13 depend on: the cloudrun target, through the real
 * @google-cloud/run client, pointed at an emulator of the v2 Admin API whose
 * services are a Go proxy and a control loop over Docker containers.
 */
export const cloudrunLocal: TargetModule = {
  name: 'cloudrun-local',
  phases: CLOUDRUN_PHASES,
  counts: [],
  supports: { images: true, listen: false, requests: true },
  check: (cells) => checkCloudRunCells(cells),
  async open(scope) {
    const docker = connectDocker();
    const [host, proxyBinary] = await Promise.all([inspectDockerHost(docker), buildTool('proxy')]);
    requireLocalEngine(host, 'cloudrun-local');
    const emulator = new CloudRunEmulator({ docker, proxyBinary, hostCpus: host.cpus, sweepId: scope.sweepId, log: scope.log });
    const api = await ServicesApi.start(emulator);
    // No credentials: an insecure channel, and the universe named so none are looked up.
    const client = new ServicesClient({ apiEndpoint: api.endpoint.host, port: api.endpoint.port, sslCreds: credentials.createInsecure(), universeDomain: 'googleapis.com' });
    return new CloudRunTarget(
      {
        name: 'cloudrun-local',
        client,
        parent: LOCAL_PARENT,
        facts: { docker: host.serverVersion, cpus: host.cpus, proxy: 'go-workloads/tools/proxy' },
        // The engine that runs the instances has the image already.
        async publish(cell) {
          const built = await buildWorkload(docker, cell.workload, host.goarch, cell.build);
          return { ref: built.tag, built };
        },
        missingImages: (workload) => missingImages(docker, workload),
        requestHeaders: async () => ({}),
        local: emulator,
        close: async () => {
          await client.close();
          await api.close();
          await emulator.close();
        },
      },
      scope,
    );
  },
  // Its instances are containers with the sweep's labels, and its proxy a child process that ends with gosweep: the docker target's cleanup removes the containers.
  cleanup: (scope) => docker.cleanup(scope),
};
