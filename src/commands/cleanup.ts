import { removeManagedContainers } from '../launch/cleanup.ts';
import { connectDocker, inspectDockerHost } from '../preflight/docker-host.ts';
import { EXIT_OK } from './exit-codes.ts';

export async function cleanupCommand(): Promise<number> {
  const docker = connectDocker();
  await inspectDockerHost(docker);
  const removed = await removeManagedContainers(docker);
  process.stdout.write(removed.length === 0 ? 'no gosweep containers found\n' : `removed ${removed.length} container(s): ${removed.map((id) => id.slice(0, 12)).join(' ')}\n`);
  return EXIT_OK;
}
