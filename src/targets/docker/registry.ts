import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type Docker from 'dockerode';
import { DEBIAN_SLIM_REPO } from '../../build/debian-slim.ts';
import { followEngineProgress, inspectImage } from '../../build/engine.ts';
import { buildBinary } from '../../build/go-build.ts';
import { buildImage } from '../../build/image.ts';
import { IMAGE_REPOSITORY } from '../../build/index.ts';
import { publishImage } from '../../build/publish.ts';
import { HarnessError } from '../../errors.ts';
import { workloadsDir } from '../../paths.ts';
import { DEFAULT_BUILD, type BuiltImage } from '../../types.ts';
import { containerLabels, LABEL_MANAGED, LABEL_RUN, LABEL_SWEEP } from './labels.ts';
import { remove, track } from './live-containers.ts';
import type { RegistryAccess } from './registry-access.ts';

export const REGISTRY_RUN_ID = 'registry';
/** A tag on an image pulled from a sweep's registry: 127.0.0.1:port/gosweep/name:version. */
const REGISTRY_TAG = /^127\.0\.0\.1:\d+\/(gosweep\/[^:]+):(.+)$/;
const MANIFEST_TYPES = ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json'];

/** A built image the sweep's registry serves. */
export interface PushedImage extends BuiltImage {
  /** 127.0.0.1:port/repo:tag */
  ref: string;
  /** What a pull downloads: compressed layers and config. */
  compressedBytes: number;
}

/** A registry of the sweep's own on 127.0.0.1 (CNCF distribution, in memory), in a container like the workloads'. */
export interface LocalRegistry {
  /** host:port */
  address: string;
  /** Pushes a built image once; every cold start of it then pulls it from here. */
  push(image: BuiltImage): Promise<PushedImage>;
  /**
   * Removes the image from the engine, and the gosweep images sharing a layer
   * with it, then pulls it: the whole download a serverless platform does
   * before a cold start. Only the pull is timed.
   */
  pullFresh(image: PushedImage): Promise<PullSample>;
  /** Gives the pushed images back their local tags, drops the registry's, removes the registry. */
  stop(): Promise<void>;
}

export interface PullSample {
  ms: number;
  /** Layers the engine still had (held by an image that could not be removed). */
  layersCached: number;
}

const ignoreMissing = (err: { statusCode?: number }) => {
  if (err.statusCode !== 404) throw err;
};

export async function startRegistry(docker: Docker, goarch: string, sweepId: string, signal: AbortSignal, access: RegistryAccess): Promise<LocalRegistry> {
  const binary = await buildBinary({ name: 'registry', moduleDir: path.join(workloadsDir, 'tools', 'registry'), pkg: '.' }, goarch, { ...DEFAULT_BUILD, strip: true });
  const tag = `gosweep-tools/registry:${binary.hash}`;
  if (!(await inspectImage(docker, tag))) await buildImage(docker, binary, tag);
  const address = `127.0.0.1:${await access.pickPort()}`;
  const container = await docker.createContainer({
    Image: tag,
    Cmd: ['-addr', address],
    Labels: containerLabels(sweepId, REGISTRY_RUN_ID),
    HostConfig: { NetworkMode: 'host', LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } } },
  });
  track(container);
  const exited = container.wait({ condition: 'next-exit' }).then((r: { StatusCode: number }) => r.StatusCode, () => -1);
  await container.start();
  const ready = await access.waitReady(`http://${address}/v2/`, exited, signal);
  if (ready !== 'ready') {
    await remove(container);
    throw new HarnessError(`the local image registry did not answer on ${address} (${ready})`, {
      stage: 'launch',
      hint: 'run "gosweep cleanup" and try again; "docker logs" of the registry container tells more',
    });
  }
  return new SweepRegistry(docker, address, sweepId, container, access);
}

class SweepRegistry implements LocalRegistry {
  /** Registry ref → local tag, recorded before the push so a failed one is untagged too. */
  private readonly pushed = new Map<string, string>();
  /** Image id → its layers' diff ids (an image id names its content, so this never goes stale). */
  private readonly layers = new Map<string, string[]>();

  private readonly docker: Docker;
  readonly address: string;
  private readonly sweepId: string;
  private readonly container: Docker.Container;
  private readonly access: RegistryAccess;

  constructor(docker: Docker, address: string, sweepId: string, container: Docker.Container, access: RegistryAccess) {
    this.docker = docker;
    this.address = address;
    this.sweepId = sweepId;
    this.container = container;
    this.access = access;
  }

  async push(image: BuiltImage): Promise<PushedImage> {
    const [repo, version] = image.tag.split(':') as [string, string];
    this.pushed.set(`${this.address}/${repo}:${version}`, image.tag);
    const { ref } = await publishImage(this.docker, image, `${this.address}/${repo}`, null, 'the engine must treat 127.0.0.1 as an insecure registry, as it does by default ("docker info": Insecure Registries)');
    return { ...image, ref, compressedBytes: await this.compressedBytes(repo, version) };
  }

  async pullFresh(image: PushedImage): Promise<PullSample> {
    const { ref } = image;
    const sharing = await this.sharingLayers(image);
    for (const name of [ref, image.imageId]) await this.docker.getImage(name).remove({ force: true }).catch(ignoreMissing);
    // Until nothing more goes: a base image goes only once its child images have.
    let left = sharing;
    for (let before = Number.POSITIVE_INFINITY; left.length > 0 && left.length < before; ) {
      before = left.length;
      const removed = await Promise.all(left.map((id) => this.docker.getImage(id).remove({ force: true }).then(() => true, () => false)));
      left = left.filter((_, i) => !removed[i]);
    }
    const startedAt = performance.now();
    const stream = await this.docker.pull(ref);
    const events = await followEngineProgress(this.docker, stream, {
      action: `pull of ${ref}`,
      hint: 'check that the sweep\'s registry container is still running (docker ps)',
      stage: 'cold-start',
    });
    const ms = performance.now() - startedAt;
    // The engine ends a pull with "Status: Downloaded newer image for …", or "… Image is up to date …" when it had it.
    if (!events.some((e) => e.status?.includes('Downloaded newer image'))) {
      throw new HarnessError(`the pull of ${ref} downloaded nothing: the engine still had the image`, { stage: 'cold-start', hint: 'another container may hold the image; run the sweep alone on this engine' });
    }
    return { ms, layersCached: events.filter((e) => e.status === 'Already exists').length };
  }

  async stop(): Promise<void> {
    for (const [ref, local] of this.pushed) {
      // An image removed because it shared a layer comes back from the registry before the registry goes.
      if (!(await inspectImage(this.docker, ref))) {
        await this.docker.pull(ref).then((s) => followEngineProgress(this.docker, s, { action: `pull of ${ref}`, hint: '' })).catch(() => undefined);
      }
      await retagLocally(this.docker, ref, local);
    }
    await remove(this.container);
  }

  /** Layers of an image; [] once it is gone. */
  private async layersOf(id: string): Promise<string[]> {
    if (!this.layers.has(id)) this.layers.set(id, (await inspectImage(this.docker, id))?.RootFS?.Layers ?? []);
    return this.layers.get(id) ?? [];
  }

  /**
   * gosweep's images that share a layer with this one, so the pull would find
   * that layer present: this sweep's, the Debian base, and any gosweep image
   * when no other sweep is running (one that is may need its own).
   */
  private async sharingLayers(image: BuiltImage): Promise<string[]> {
    const mine = new Set(await this.layersOf(image.imageId));
    const alone = (await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_MANAGED}=true`] } })).every((c) => c.Labels[LABEL_SWEEP] === this.sweepId);
    const ours = (tag: string) =>
      [...this.pushed.values()].includes(tag) || tag.startsWith(`${DEBIAN_SLIM_REPO}:`) || REGISTRY_TAG.test(tag) || (alone && tag.startsWith(`${IMAGE_REPOSITORY}/`));
    const candidates = (await this.docker.listImages()).filter((i) => i.Id !== image.imageId && (i.RepoTags ?? []).some(ours));
    const sharing: string[] = [];
    for (const c of candidates) if ((await this.layersOf(c.Id)).some((l) => mine.has(l))) sharing.push(c.Id);
    return sharing;
  }

  /** Bytes a pull downloads: the compressed config and layers of the manifest. */
  private async compressedBytes(repo: string, version: string): Promise<number> {
    const url = `http://${this.address}/v2/${repo}/manifests/${version}`;
    const res = await this.access.get(url, { Accept: MANIFEST_TYPES.join(', ') });
    const manifest = (() => {
      try {
        return JSON.parse(res?.body?.toString('utf8') ?? 'null') as { config?: { size: number }; layers?: Array<{ size: number }> } | null;
      } catch {
        return null;
      }
    })();
    if (res?.status !== 200 || !manifest?.config || !manifest.layers) {
      throw new HarnessError(`the registry has no image manifest at ${url} (HTTP ${res?.status ?? 'no answer'})`, { stage: 'build', hint: 'the push must have failed; see the registry container\'s logs' });
    }
    return manifest.config.size + manifest.layers.reduce((sum, l) => sum + l.size, 0);
  }
}

/** Puts the local tag back on an image pulled from a registry and drops the registry's tag. */
async function retagLocally(docker: Docker, ref: string, local: string): Promise<void> {
  const [repo, version] = local.split(':') as [string, string];
  if (!(await inspectImage(docker, ref))) return;
  await docker.getImage(ref).tag({ repo, tag: version }).catch(() => undefined);
  await docker.getImage(ref).remove().catch(() => undefined);
}

/**
 * Registry tags a crashed sweep left on pulled images (127.0.0.1:port/gosweep/…),
 * once no sweep's registry is running: each image gets its local tag back.
 * Returns the tags removed.
 */
export async function removeStaleRegistryTags(docker: Docker): Promise<string[]> {
  const registries = await docker.listContainers({ filters: { label: [`${LABEL_RUN}=${REGISTRY_RUN_ID}`] } });
  if (registries.length > 0) return [];
  const stale = (await docker.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => REGISTRY_TAG.test(t));
  for (const tag of stale) {
    const [, repo, version] = REGISTRY_TAG.exec(tag) as RegExpExecArray;
    await retagLocally(docker, tag, `${repo}:${version}`);
  }
  return stale;
}
