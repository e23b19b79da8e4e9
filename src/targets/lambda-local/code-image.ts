import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { unzipSync } from 'fflate';
import { inspectImage } from '../../build/engine.ts';
import { buildImage } from '../../build/image.ts';

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

/** The image an environment of this package runs: its bootstrap on scratch, built once per package. */
export async function codeImage(docker: Docker, zip: Uint8Array): Promise<string> {
  const hash = createHash('sha256').update(zip).digest('hex').slice(0, 16);
  const tag = `${CODE_IMAGE_REPOSITORY}/bootstrap:${hash}`;
  if (await inspectImage(docker, tag)) return tag;
  const bootstrap = unzipSync(zip, { filter: (f) => f.name === 'bootstrap' }).bootstrap;
  if (!bootstrap) throw new Error(bootstrapProblem(zip) ?? 'no bootstrap');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-lambda-'));
  try {
    const file = path.join(dir, 'bootstrap');
    fs.writeFileSync(file, bootstrap, { mode: 0o755 });
    await buildImage(docker, { path: file, hash, goVersion: 'unknown', bytes: bootstrap.length }, tag);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return tag;
}
