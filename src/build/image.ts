import fs from 'node:fs';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { followEngineProgress } from './engine.ts';
import type { GoBinary } from './go-build.ts';
import type { ImageBase } from '../types.ts';
import { baseFiles, baseInstructions, type ContextFile } from './image-base.ts';

export const LABEL_BINARY_BYTES = 'gosweep.binary-bytes';
export const LABEL_GO_VERSION = 'gosweep.go-version';

/** An image of the static binary on its base (scratch, files of this host, or a base made here); nothing is pulled. */
export function dockerfile(binary: GoBinary, base: ImageBase, from: string | null = null): string {
  return [
    ...baseInstructions(base, from),
    'COPY app /app',
    `LABEL ${LABEL_BINARY_BYTES}="${binary.bytes}" ${LABEL_GO_VERSION}="${binary.goVersion}"`,
    'USER 65534:65534',
    'ENTRYPOINT ["/app"]',
    '',
  ].join('\n');
}

/** Builds the image through the Engine API from an in-memory build context. */
export async function buildImage(docker: Docker, binary: GoBinary, tag: string, base: ImageBase = 'scratch', from: string | null = null): Promise<void> {
  await buildFromContext(docker, tag, [
    { name: 'Dockerfile', content: dockerfile(binary, base, from) },
    { name: 'app', mode: 0o755, content: fs.readFileSync(binary.path) },
    ...baseFiles(base),
  ]);
}

/** Builds an image from a Dockerfile and its files, held in memory; nothing is pulled unless the Dockerfile says so. */
export async function buildFromContext(docker: Docker, tag: string, files: ContextFile[], dockerfile = 'Dockerfile'): Promise<void> {
  const context = pack();
  for (const file of files) context.entry({ name: file.name, mode: file.mode ?? 0o644 }, file.content);
  context.finalize();
  const stream = await docker.buildImage(Readable.from(context), { t: tag, dockerfile, rm: true, forcerm: true });
  await followEngineProgress(docker, stream, { action: `docker build of ${tag}`, hint: 'check that the Docker engine can build images (docker build works on this host)' });
}
