import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type Docker from 'dockerode';
import { unzipSync } from 'fflate';
import { inspectImage } from '../../build/engine.ts';
import { buildFromContext } from '../../build/image.ts';

export const CODE_IMAGE_REPOSITORY = 'gosweep-lambda';

/** Why a zip cannot run on provided.al2023, as Lambda would say it; null when it can. */
export function bootstrapProblem(zip: Uint8Array): string | null {
  try {
    const files = unzipSync(zip, { filter: (f) => f.name === 'bootstrap' });
    return files.bootstrap ? null : 'the package has no file named bootstrap at its root (provided.al2023 runs ./bootstrap)';
  } catch (err) {
    return `the package is not a zip file: ${(err as Error).message}`;
  }
}

const DOCKERFILE = [
  'FROM scratch',
  'COPY bootstrap /var/task/bootstrap',
  'COPY init /var/runtime/init',
  'ENV LAMBDA_TASK_ROOT=/var/task LAMBDA_RUNTIME_DIR=/var/runtime',
  'USER 65534:65534',
  'ENTRYPOINT ["/var/runtime/init"]',
  '',
].join('\n');

/**
 * The image an environment of this package runs, built once per package and
 * init: the bootstrap at /var/task, as on provided.al2023, started by
 * lambda-init (go-workloads/tools/lambda-init), which marks when init began.
 */
export async function codeImage(docker: Docker, zip: Uint8Array, initPath: string): Promise<string> {
  const init = fs.readFileSync(initPath);
  const hash = createHash('sha256').update(zip).update(init).digest('hex').slice(0, 16);
  const tag = `${CODE_IMAGE_REPOSITORY}/bootstrap:${hash}`;
  if (await inspectImage(docker, tag)) return tag;
  const bootstrap = unzipSync(zip, { filter: (f) => f.name === 'bootstrap' }).bootstrap;
  if (!bootstrap) throw new Error(bootstrapProblem(zip) ?? 'no bootstrap');
  await buildFromContext(docker, tag, [
    { name: 'Dockerfile', content: DOCKERFILE },
    { name: 'bootstrap', mode: 0o755, content: Buffer.from(bootstrap) },
    { name: 'init', mode: 0o755, content: init },
  ]);
  return tag;
}
