import type Docker from 'dockerode';

/**
 * OOM kills of a container since `sinceMs`, from the engine's event log. With
 * a restart policy, State.OOMKilled only tells of the last exit; events tell
 * of every kill.
 */
export async function countOomKills(docker: Docker, containerId: string, sinceMs: number): Promise<number | null> {
  try {
    const stream = (await docker.getEvents({
      since: Math.floor(sinceMs / 1000) - 1,
      until: Math.ceil(Date.now() / 1000) + 1,
      filters: { container: [containerId], event: ['oom'] },
    })) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    return text.split('\n').filter((line) => line.includes('"oom"')).length;
  } catch {
    return null;
  }
}
