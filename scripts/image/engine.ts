// What the build asks the Docker engine besides building: is it there, which images exist, what to remove.
import type Docker from 'dockerode';
import { LABEL_INPUTS, LABEL_REVISION } from './dockerfile.ts';
import { fail } from './fail.ts';

export async function reachEngine(docker: Docker): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    throw fail(`no Docker engine answered at ${where}: ${(err as Error).message}`, 'run npm run setup (it installs and starts the Docker engine), or point DOCKER_HOST at a running one', err);
  }
}

/** The newest image carrying these inputs, preferring one labelled with this revision. */
export async function existing(docker: Docker, inputs: string, revision: string): Promise<{ id: string; revision: string } | null> {
  const images = await docker.listImages({ all: true, filters: JSON.stringify({ label: [`${LABEL_INPUTS}=${inputs}`] }) });
  images.sort((a, b) => b.Created - a.Created);
  const pick = images.find((i) => i.Labels?.[LABEL_REVISION] === revision) ?? images[0];
  return pick ? { id: pick.Id, revision: pick.Labels?.[LABEL_REVISION] ?? '' } : null;
}

/**
 * Removes earlier builds of this image that no tag names any more (each is
 * about 0.5 GB). One that another image is built on stays, as do any tagged.
 */
export async function pruneSuperseded(docker: Docker, keep: string, log: (line: string) => void): Promise<void> {
  const images = await docker.listImages({ all: true, filters: JSON.stringify({ label: [LABEL_INPUTS], dangling: ['true'] }) });
  for (const image of images.filter((i) => i.Id !== keep)) {
    const removed = await docker.getImage(image.Id).remove().then(() => true, () => false);
    if (removed) log(`image: removed ${image.Id.slice(7, 19)}, an earlier build no tag names`);
  }
}
