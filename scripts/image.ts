// Builds the container image of gosweep itself, for running shards where
// Docker is not the target (a Kubernetes Indexed Job or a Cloud Run Job
// driving Lambda or Cloud Run): npm run image. Everything in it is taken from
// this machine as `npm run setup` left it; nothing is pulled.
//
// The image (FROM scratch, one layer; image/rootfs.ts lists what it holds)
// carries a label with a hash of its inputs; when an image with the same hash
// exists it is tagged again instead of rebuilt.
//
// image/: host.ts (what is taken from this machine), inputs.ts (the cache
// key), rootfs.ts and tarball.ts (the root filesystem), dockerfile.ts,
// engine.ts (the engine's images) and build.ts (buildGosweepImage).
import { HarnessError } from '../src/errors.ts';
import { buildGosweepImage } from './image/build.ts';

export { buildGosweepImage, IMAGE_REPO, type ImageOptions, type ImageResult } from './image/build.ts';
export { LABEL_INPUTS, LABEL_REVISION, LABEL_VERSION } from './image/dockerfile.ts';
export { IMAGE_UID } from './image/layout.ts';

if (import.meta.main) {
  try {
    const image = await buildGosweepImage();
    console.log(`${image.tags.join(' ')}  ${image.id}  ${(image.bytes / 1e6).toFixed(0)} MB${image.cached ? ' (inputs unchanged: not rebuilt)' : ''}  in ${image.seconds.toFixed(1)} s`);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    if (err instanceof HarnessError && err.hint) console.error(`  fix: ${err.hint}`);
    process.exitCode = 1;
  }
}
