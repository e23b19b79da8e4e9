import type Docker from 'dockerode';
import { execa } from 'execa';
import { DEFAULT_BUILD, type BuildVariant, type BuiltImage, type Workload } from '../types.ts';
import { buildBinary, sourceOf } from './go-build.ts';
import { debianSlimBase, debianSlimProblem, importDebianSlim } from './debian-slim.ts';
import { inspectImage } from './engine.ts';
import { buildImage, LABEL_BINARY_BYTES, LABEL_GO_VERSION } from './image.ts';
import { serviceImage } from './service-image.ts';

export { missingImages, missingImagesIfReachable } from './service-image.ts';

export const IMAGE_REPOSITORY = 'gosweep';

const UPX_MISSING = 'upx is not installed (Debian bookworm has no upx package); install upx, or drop build.upx: true';
let upxChecked: Promise<boolean> | null = null;
let debianChecked: Promise<string | null> | null = null;

/** Why this build variant cannot be made on this machine (its cells are then skipped), or null. Each tool is looked for once. */
export async function unbuildableReason(build: BuildVariant): Promise<string | null> {
  if (build.upx) {
    upxChecked ??= execa('upx', ['--version'], { reject: false }).then((r) => r.exitCode === 0);
    if (!(await upxChecked)) return UPX_MISSING;
  }
  if (build.base === 'debian-slim') {
    debianChecked ??= debianSlimProblem();
    const problem = await debianChecked;
    if (problem) return `the debian-slim base cannot be made here: ${problem}`;
  }
  return null;
}

/**
 * Builds (or finds in the cache) the image of a workload; an image or
 * Dockerfile workload is found, or built by the engine, as it is. The tag carries the
 * content hash, so an unchanged workload is neither recompiled nor rebuilt.
 */
export async function buildWorkload(docker: Docker, workload: Workload, goarch: string, build: BuildVariant = DEFAULT_BUILD): Promise<BuiltImage> {
  const { source } = workload;
  if (source.kind === 'image' || source.kind === 'dockerfile') return serviceImage(docker, workload, source);
  const binary = await buildBinary(sourceOf(workload), goarch, build);
  const from = build.base === 'debian-slim' ? await debianSlimBase() : null;
  // The tag carries the binary's content hash, and the base unless it is scratch (with its own hash for debian-slim).
  const baseSuffix = build.base === 'scratch' ? '' : `-${build.base}${from ? `-${from.split(':')[1]}` : ''}`;
  const tag = `${IMAGE_REPOSITORY}/${workload.name}:${binary.hash}${baseSuffix}`;
  let cached = true;
  let info = await inspectImage(docker, tag);
  if (!info) {
    cached = false;
    if (from) await importDebianSlim(docker, from);
    await buildImage(docker, binary, tag, build.base, from);
    info = await docker.getImage(tag).inspect();
  }
  return {
    workload: workload.name,
    build,
    tag,
    imageId: info.Id,
    binaryBytes: Number(info.Config?.Labels?.[LABEL_BINARY_BYTES] ?? binary.bytes),
    imageBytes: info.Size,
    goVersion: info.Config?.Labels?.[LABEL_GO_VERSION] ?? binary.goVersion,
    cached: cached && binary.cached,
  };
}
