import type Docker from 'dockerode';

export interface LifeEvents {
  /** OOM kills over the container's life. */
  oomKills: number;
  /** Exit code of the last time it died (137: killed), or null if it never died. */
  lastExitCode: number | null;
}

/** How far past now the event log is read, for events the engine has not yet written. */
const EVENTS_LAG_MS = 100;

/**
 * What happened to a container since `sinceMs`, from the engine's event log.
 * With a restart policy, State.OOMKilled and State.ExitCode only tell of the
 * last exit while it is down; the events tell of every kill and death.
 */
export async function readLifeEvents(docker: Docker, containerId: string, sinceMs: number, tries = 2): Promise<LifeEvents | null> {
  try {
    // The stream stays open until `until`: a fractional timestamp 100 ms ahead, not the next whole second, ends it at once.
    const stream = (await docker.getEvents({
      since: Math.floor(sinceMs / 1000) - 1,
      until: ((Date.now() + EVENTS_LAG_MS) / 1000).toFixed(3) as unknown as number,
      filters: { container: [containerId], event: ['oom', 'die'] },
    })) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    const events = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { Action?: string; Actor?: { Attributes?: { exitCode?: string } } });
    const deaths = events.filter((e) => e.Action === 'die');
    const last = deaths.at(-1)?.Actor?.Attributes?.exitCode;
    return { oomKills: events.filter((e) => e.Action === 'oom').length, lastExitCode: last === undefined ? null : Number(last) };
  } catch {
    // Without the events, a restarted container's State.OOMKilled hides earlier kills: try once more.
    return tries > 1 ? readLifeEvents(docker, containerId, sinceMs, tries - 1) : null;
  }
}
