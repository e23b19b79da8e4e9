import type Docker from 'dockerode';
import { HarnessError } from '../errors.ts';
import type { BuiltImage } from '../types.ts';
import { followEngineProgress } from './engine.ts';

/** Credentials for a registry, as the Engine API takes them (Artifact Registry: oauth2accesstoken and an access token). */
export interface RegistryAuth {
  username: string;
  password: string;
  serveraddress: string;
}

/** A built image in a registry: its tag there and the digest of what was pushed, so a deploy names exactly this image. */
export interface PublishedImage {
  /** repository:version */
  ref: string;
  /** repository@sha256:…, for a deploy that must not follow a moved tag. */
  refByDigest: string;
}

/**
 * Pushes a built image to a registry repository (host/path/name) through the
 * Engine API, under the version of its local tag.
 */
export async function publishImage(docker: Docker, image: BuiltImage, repository: string, auth: RegistryAuth | null, hint: string): Promise<PublishedImage> {
  const version = image.tag.split(':').pop() as string;
  const ref = `${repository}:${version}`;
  await docker.getImage(image.tag).tag({ repo: repository, tag: version });
  const stream = await docker.getImage(ref).push({ authconfig: auth ?? {} });
  const events = await followEngineProgress(docker, stream, { action: `push of ${image.tag} to ${repository}`, hint });
  const digest = events.find((e) => e.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new HarnessError(`the push of ${image.tag} to ${repository} reported no digest`, { stage: 'build', hint });
  return { ref, refByDigest: `${repository}@${digest}` };
}
