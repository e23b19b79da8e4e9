import { buildTool } from '../../build/tools.ts';
import { connectDocker, inspectDockerHost } from '../docker/index.ts';
import type { TargetModule } from '../target.ts';
import { checkCloudRunCells } from './check.ts';
import { CloudRunLocalTarget } from './cloudrun-target.ts';

/** Google Cloud Run emulated on this machine's Docker engine: what claims C9, C10 and C13 depend on. */
export const cloudrunLocal: TargetModule = {
  name: 'cloudrun-local',
  phases: [
    { name: 'instance_wait', doc: 'Cloud Run: the request waited in the proxy for an instance (start and ready, from zero)' },
    { name: 'resume', doc: 'Cloud Run: giving a request-based instance its CPU back before the request' },
    { name: 'serve', doc: 'Cloud Run: the rest of the first request: forwarded and answered' },
  ],
  counts: [],
  check: checkCloudRunCells,
  async open(scope) {
    const docker = connectDocker();
    const host = await inspectDockerHost(docker);
    return new CloudRunLocalTarget(docker, host, await buildTool('proxy'), scope);
  },
  // Its instances are containers with the sweep's labels, and its proxy a child process: the docker target's cleanup and Ctrl-C remove them.
  cleanup: async () => [],
};
