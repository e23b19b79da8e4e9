import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { inspectImage } from '../../../build/engine.ts';
import { buildBinary } from '../../../build/go-build.ts';
import { buildFromContext } from '../../../build/image.ts';
import { workloadsDir } from '../../../paths.ts';
import { DEFAULT_BUILD } from '../../../types.ts';

/** Where the load generator's files (a request mix) are put, one folder a window. */
export const DRIVER_WORKDIR = '/work';

const tool = (name: string, goarch: string) => buildBinary({ name, moduleDir: path.join(workloadsDir, 'tools', name), pkg: '.' }, goarch, { ...DEFAULT_BUILD, strip: true });

/**
 * The driver's image, FROM scratch: the load generator and the probe
 * (go-workloads/tools), built for the engine's architecture and tagged by
 * their hashes, so an engine builds it once per version of either.
 */
export async function driverImage(docker: Docker, goarch: string): Promise<string> {
  const [loadgen, probe] = await Promise.all([tool('loadgen', goarch), tool('probe', goarch)]);
  const tag = `gosweep-tools/driver:${loadgen.hash.slice(0, 12)}-${probe.hash.slice(0, 12)}`;
  if (await inspectImage(docker, tag)) return tag;
  const dockerfile = ['FROM scratch', 'COPY loadgen /loadgen', 'COPY probe /probe', `WORKDIR ${DRIVER_WORKDIR}`, 'CMD ["/probe", "idle"]', ''].join('\n');
  await buildFromContext(docker, tag, [
    { name: 'Dockerfile', content: dockerfile },
    { name: 'loadgen', mode: 0o755, content: fs.readFileSync(loadgen.path) },
    { name: 'probe', mode: 0o755, content: fs.readFileSync(probe.path) },
  ]);
  return tag;
}
