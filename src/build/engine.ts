import type Docker from 'dockerode';
import { HarnessError } from '../errors.ts';
import type { Stage } from '../types.ts';

/** One line of an Engine API progress stream (build, pull, push, import). */
export interface EngineEvent {
  status?: string;
  id?: string;
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  /** A push's result: the manifest's digest. */
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

/**
 * Reads a progress stream to its end. The engine reports failures as lines in
 * the stream, not as an HTTP status, so the first error line is thrown.
 */
export async function followEngineProgress(docker: Docker, stream: NodeJS.ReadableStream, what: { action: string; hint: string; stage?: Stage }): Promise<EngineEvent[]> {
  const events = await new Promise<EngineEvent[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (err, out: EngineEvent[]) => (err ? reject(err) : resolve(out))),
  );
  const failure = events.find((e) => e.error || e.errorDetail);
  if (failure) throw new HarnessError(`${what.action} failed: ${failure.errorDetail?.message ?? failure.error}`, { stage: what.stage ?? 'build', hint: what.hint });
  return events;
}

/** An image's details, or null when the engine has no such image. */
export async function inspectImage(docker: Docker, ref: string): Promise<Docker.ImageInspectInfo | null> {
  return docker.getImage(ref).inspect().catch(() => null);
}
