import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { HarnessError } from '../../errors.ts';

/** How long a sweep waits for a Docker engine that went away (a restarted dockerd) before it stops. */
export const ENGINE_WAIT_MS = 120_000;
const PING_EVERY_MS = 250;
const PING_TIMEOUT_MS = 5000;
/** What a ping fails with when no engine is there (a timeout alone may be a busy one). */
const GONE = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE']);

/**
 * A client of the same engine that opens a connection per request and has no
 * timeout. A stopping dockerd closes its socket but still serves the
 * connections it has, so a ping over a kept-alive one would say it is there;
 * and an idle event stream must not time out.
 */
function freshConnections(engine: Docker): Docker {
  const { socketPath, host, port, protocol, ca, cert, key } = engine.modem as unknown as Docker.DockerOptions;
  const agent = protocol === 'https' ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  return new Docker({ socketPath, host, port, protocol, ca, cert, key, agent } as Docker.DockerOptions);
}

/**
 * Notices the engine going away, even when it is back before anyone asks:
 * an event stream is held open, and a stopping dockerd ends it.
 */
export class EngineWatch {
  readonly #probe: Docker;
  readonly #endpoint: string;
  readonly #log: (line: string) => void;
  #stream: NodeJS.ReadableStream | null = null;
  #lostAt: number | null = null;

  constructor(engine: Docker, endpoint: string, log: (line: string) => void) {
    this.#probe = freshConnections(engine);
    this.#endpoint = endpoint;
    this.#log = log;
  }

  async start(): Promise<void> {
    const stream = (await this.#probe.getEvents({ filters: { type: ['daemon'] } })) as NodeJS.ReadableStream;
    const lost = () => {
      if (this.#stream === stream) this.#lostAt ??= performance.now();
    };
    for (const end of ['end', 'error', 'close']) stream.on(end, lost);
    stream.resume();
    this.#stream = stream;
  }

  /**
   * After a run that began at `since` (performance.now()): 0 if the engine
   * stayed throughout; otherwise waits (bounded) until it answers again and
   * returns how long it was gone, in ms. An outage before `since` is waited
   * out but not returned: the run did not see it. Interrupted, it returns 0.
   */
  async settle(signal: AbortSignal, since: number): Promise<number> {
    const waitedFrom = performance.now();
    if (this.#lostAt === null && (await this.#answers()) !== 'gone') return 0;
    const lostAt = this.#lostAt ?? waitedFrom;
    this.#log(`the Docker engine at ${this.#endpoint} went away; waiting up to ${ENGINE_WAIT_MS / 1000} s for it`);
    while ((await this.#answers()) !== 'answers') {
      if (signal.aborted) return 0;
      if (performance.now() - waitedFrom > ENGINE_WAIT_MS) {
        throw new HarnessError(`the Docker engine at ${this.#endpoint} did not answer for ${ENGINE_WAIT_MS / 1000} s`, {
          stage: 'launch',
          hint: 'start it again (npm run setup starts dockerd), then finish the sweep: gosweep run <matrix> --resume <results folder>',
        });
      }
      await sleep(PING_EVERY_MS);
    }
    this.stop();
    try {
      await this.start();
      this.#lostAt = null;
    } catch {
      // Gone again: the next run's settle waits for it.
      this.#lostAt = performance.now();
    }
    const goneMs = performance.now() - lostAt;
    this.#log(`the Docker engine at ${this.#endpoint} answers again, ${(goneMs / 1000).toFixed(1)} s after it went`);
    return lostAt >= since ? goneMs : 0;
  }

  stop(): void {
    const stream = this.#stream as (NodeJS.ReadableStream & { destroy?: () => void }) | null;
    this.#stream = null;
    stream?.destroy?.();
  }

  async #answers(): Promise<'answers' | 'gone' | 'slow'> {
    try {
      // dockerode's types omit ping's options; docker-modem takes abortSignal.
      await (this.#probe as unknown as { ping(opts: { abortSignal: AbortSignal }): Promise<unknown> }).ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
      return 'answers';
    } catch (err) {
      return GONE.has((err as NodeJS.ErrnoException).code ?? '') ? 'gone' : 'slow';
    }
  }
}
