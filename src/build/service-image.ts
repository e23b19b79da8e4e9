// Workloads that arrive as images: one already in the local engine, or a
// user's Dockerfile built through the Engine API. Nothing is ever pulled.
import fs from 'node:fs';
import path from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import Docker from 'dockerode';
import { HarnessError, type Problem } from '../errors.ts';
import { DEFAULT_BUILD, type BuiltImage, type Workload } from '../types.ts';
import { inspectImage } from './engine.ts';
import { buildFromContext } from './image.ts';

// CommonJS whose types declare an ES default export: at run time the default import is the factory itself.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

type ImageSource = Extract<Workload['source'], { kind: 'image' | 'dockerfile' }>;

/** A base image a Dockerfile names, with the line that names it. */
interface BaseRef {
  image: string;
  line: number;
}

/** The images a Dockerfile's FROM lines start from: not scratch, not an earlier stage, not built from an ARG. */
export function baseImages(dockerfileText: string): BaseRef[] {
  const stages = new Set<string>();
  const bases: BaseRef[] = [];
  dockerfileText.split('\n').forEach((text, i) => {
    const m = /^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(text);
    if (!m) return;
    const image = m[1] as string;
    if (image !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$')) bases.push({ image, line: i + 1 });
    if (m[2]) stages.add(m[2].toLowerCase());
  });
  return bases;
}

/** Why this image workload cannot be found or built on this engine, located, with the fix; empty when it can. */
export async function missingImages(docker: Docker, workload: Workload): Promise<Problem[]> {
  const { source } = workload;
  if (source.kind === 'image') {
    if (await inspectImage(docker, source.ref)) return [];
    return [{ file: 'the Docker engine', line: 0, col: 0, path: `workloads.${workload.name}`, message: `image ${source.ref} is not in the local Docker engine`, fix: `build or load it first (docker build -t ${source.ref} ., or docker load); gosweep never pulls` }];
  }
  if (source.kind !== 'dockerfile') return [];
  const missing: Problem[] = [];
  for (const base of baseImages(fs.readFileSync(source.file, 'utf8'))) {
    if (!(await inspectImage(docker, base.image))) {
      missing.push({ file: source.file, line: base.line, col: 1, path: '', message: `base image ${base.image} is not in the local Docker engine`, fix: `build or load ${base.image} first (gosweep never pulls), or start FROM an image this engine has (docker images)` });
    }
  }
  return missing;
}

/**
 * For --dry-run: what the local engine lacks for these workloads (images,
 * Dockerfile bases); null when no engine answers, and `run` checks it then.
 */
export async function missingImagesIfReachable(workloads: readonly Workload[], docker: Docker = new Docker()): Promise<Problem[] | null> {
  const foreign = workloads.filter((w) => w.source.kind === 'image' || w.source.kind === 'dockerfile');
  if (foreign.length === 0) return [];
  if (!(await docker.ping().then(() => true, () => false))) return null;
  return (await Promise.all(foreign.map((w) => missingImages(docker, w)))).flat();
}

/** The build context: every file under the Dockerfile's folder that .dockerignore keeps. */
function contextFiles(dir: string): Array<{ name: string; mode: number; content: Buffer }> {
  const ignoreFile = path.join(dir, '.dockerignore');
  const ignore = dockerignore().add(fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8').split('\n') : []);
  const names = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => fs.statSync(path.join(dir, name)).isFile());
  return ignore.filter(names).map((name) => ({ name, mode: fs.statSync(path.join(dir, name)).mode & 0o777, content: fs.readFileSync(path.join(dir, name)) }));
}

/** The image of an image or Dockerfile workload; a Dockerfile is built (cached by the engine's layers) under a tag named for the workload. */
export async function serviceImage(docker: Docker, workload: Workload, source: ImageSource): Promise<BuiltImage> {
  const problems = await missingImages(docker, workload);
  if (problems.length > 0) throw new HarnessError(problems.map((p) => `${p.line > 0 ? `${p.file}:${p.line}: ` : ''}${p.message}`).join('; '), { stage: 'build', hint: problems.map((p) => p.fix).join('; ') });
  let ref = source.kind === 'image' ? source.ref : `gosweep/${workload.name}:dockerfile`;
  if (source.kind === 'dockerfile') {
    const files = contextFiles(source.context);
    const dockerfile = path.relative(source.context, source.file);
    await buildFromContext(docker, ref, files, dockerfile);
  }
  const info = await inspectImage(docker, ref);
  if (!info) throw new HarnessError(`image ${ref} vanished from the engine`, { stage: 'build' });
  // Run the exact image inspected, whatever the tag points at later.
  if (source.kind === 'dockerfile') ref = info.Id;
  return { workload: workload.name, build: DEFAULT_BUILD, tag: ref, imageId: info.Id, binaryBytes: null, imageBytes: info.Size, goVersion: null, cached: false };
}
