import { removeManagedContainers } from '../launch/cleanup.ts';
import { removeStaleRegistryTags } from '../launch/registry.ts';
import { connectDocker, inspectDockerHost } from '../preflight/docker-host.ts';
import { EXIT_OK } from './exit-codes.ts';

/** Removes containers left by dead sweeps (with `all`, those of running sweeps too), and their registries' image tags. */
export async function cleanupCommand(opts: { all?: boolean }): Promise<number> {
  const docker = connectDocker();
  await inspectDockerHost(docker);
  const removed = await removeManagedContainers(docker, { onlyOrphans: !opts.all });
  const tags = await removeStaleRegistryTags(docker);
  if (tags.length > 0) process.stdout.write(`removed ${tags.length} image tag(s) of a dead sweep's registry: ${tags.join(' ')}\n`);
  process.stdout.write(removed.length === 0 ? `no ${opts.all ? '' : 'orphaned '}gosweep containers found\n` : `removed ${removed.length} container(s): ${removed.map((id) => id.slice(0, 12)).join(' ')}\n`);
  return EXIT_OK;
}
