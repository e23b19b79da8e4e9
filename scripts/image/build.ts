// Builds gosweep's image, or tags one already made from the same inputs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { inspectImage } from '../../src/build/engine.ts';
import { buildFromContext } from '../../src/build/image.ts';
import { dockerfile, relabelDockerfile } from './dockerfile.ts';
import { existing, pruneSuperseded, reachEngine } from './engine.ts';
import { fail } from './fail.ts';
import { hostFacts, type Host } from './host.ts';
import { inputsHash } from './inputs.ts';
import { assemble } from './rootfs.ts';
import { tarball } from './tarball.ts';

export const IMAGE_REPO = 'gosweep';

export interface ImageResult {
  id: string;
  tags: string[];
  bytes: number;
  /** An image with the same inputs existed: it was tagged, not rebuilt. */
  cached: boolean;
  inputs: string;
  seconds: number;
}

export interface ImageOptions {
  docker?: Docker;
  log?: (line: string) => void;
}

/** Builds the image as `tag` from a root filesystem laid out in a temporary folder. */
async function buildAfresh(docker: Docker, tag: string, host: Host, inputs: string, log: (line: string) => void): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-image-'));
  try {
    const rootfs = path.join(work, 'rootfs');
    log(`image: assembling the root filesystem in ${rootfs} (node ${host.nodeVersion}, ${host.go.version}, production node_modules)`);
    await assemble(rootfs, host);
    const tarPath = path.join(work, 'rootfs.tar');
    await tarball(rootfs, tarPath);
    fs.rmSync(rootfs, { recursive: true, force: true });
    log(`image: building ${tag} from a ${(fs.statSync(tarPath).size / 1e6).toFixed(0)} MB root filesystem`);
    await buildFromContext(docker, tag, [
      { name: 'Dockerfile', content: dockerfile(host, inputs) },
      { name: 'rootfs.tar', content: fs.readFileSync(tarPath) },
    ]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Builds gosweep's image (or finds one made from the same inputs) and tags it
 * gosweep:<version> and gosweep:latest. Needs a Docker engine; uses only files
 * of this machine.
 */
export async function buildGosweepImage(opts: ImageOptions = {}): Promise<ImageResult> {
  const started = performance.now();
  const log = opts.log ?? ((line: string) => console.log(line));
  const docker = opts.docker ?? new Docker();
  await reachEngine(docker);
  const host = await hostFacts();
  const inputs = await inputsHash(host);
  const tags = [`${IMAGE_REPO}:${host.version}`, `${IMAGE_REPO}:latest`];
  const tag = tags[0] as string;
  let id: string;
  let cached = true;
  const found = await existing(docker, inputs, host.revision);
  if (found && found.revision === host.revision) {
    log(`image: ${found.id.slice(7, 19)} has these inputs (${inputs}); tagging it`);
    id = found.id;
  } else if (found) {
    // Same contents, another commit: a one-line image on top carries this revision.
    log(`image: ${found.id.slice(7, 19)} has these inputs (${inputs}); labelling it with revision ${host.revision.slice(0, 12)}`);
    await buildFromContext(docker, tag, [{ name: 'Dockerfile', content: relabelDockerfile(found.id, host.revision) }]);
    id = (await docker.getImage(tag).inspect()).Id;
  } else {
    cached = false;
    await buildAfresh(docker, tag, host, inputs, log);
    id = (await docker.getImage(tag).inspect()).Id;
  }
  for (const repoTag of tags) {
    const [repo, name] = repoTag.split(':') as [string, string];
    await docker.getImage(id).tag({ repo, tag: name });
  }
  await pruneSuperseded(docker, id, log);
  const info = await inspectImage(docker, id);
  if (!info) throw fail(`the image ${id} vanished after it was built`, 'run npm run image again');
  return { id, tags, bytes: info.Size, cached, inputs, seconds: (performance.now() - started) / 1000 };
}
