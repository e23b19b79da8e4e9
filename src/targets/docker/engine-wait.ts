import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { HarnessError } from '../../errors.ts';

/** How long a sweep waits for a Docker engine that went away (a restarted dockerd) before it stops. */
export const ENGINE_WAIT_MS = 120_000;
const PING_EVERY_MS = 250;
const PING_TIMEOUT_MS = 2000;

/**
 * A client of the same engine that opens a connection per request. A dockerd
 * stopping closes its socket but still serves the connections it has, so a
 * ping over a kept-alive one would say it is there.
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
  readonly #engine: Docker;
  readonly #probe: Docker;
  readonly #endpoint: string;
  readonly #log: (line: string) => void;
  #stream: NodeJS.ReadableStream | null = null;
  #lostAt: number | null = null;

  constructor(engine: Docker, endpoint: string, log: (line: string) => void) {
    this.#engine = engine;
    this.#probe = freshConnections(engine);
    this.#endpoint = endpoint;
    this.#log = log;
  }

  async start(): Promise<void> {
    const stream = (await this.#engine.getEvents({ filters: { type: ['daemon'] } })) as NodeJS.ReadableStream;
    const lost = () => {
      if (this.#stream === stream) this.#lostAt ??= performance.now();
    };
    for (const end of ['end', 'error', 'close']) stream.on(end, lost);
    stream.resume();
    this.#stream = stream;
  }

  /**
   * After a run: 0 if the engine stayed throughout; otherwise waits (bounded)
   * until it answers again and returns how long it was gone, in ms.
   */
  async settle(signal: AbortSignal): Promise<number> {
    const waitedFrom = performance.now();
    const wasLost = this.#lostAt !== null || !(await this.#answers());
    if (!wasLost) return 0;
    const lostAt = this.#lostAt ?? waitedFrom;
    this.#log(`the Docker engine at ${this.#endpoint} went away; waiting up to ${ENGINE_WAIT_MS / 1000} s for it`);
    while (!(await this.#answers())) {
      if (signal.aborted || performance.now() - waitedFrom > ENGINE_WAIT_MS) {
        throw new HarnessError(`the Docker engine at ${this.#endpoint} did not answer for ${ENGINE_WAIT_MS / 1000} s`, {
          stage: 'preflight',
          hint: 'start it again (npm run setup starts dockerd), then finish the sweep with --resume <results folder>',
        });
      }
      await sleep(PING_EVERY_MS);
    }
    this.stop();
    this.#lostAt = null;
    await this.start();
    const goneMs = performance.now() - lostAt;
    this.#log(`the Docker engine at ${this.#endpoint} answers again, ${(goneMs / 1000).toFixed(1)} s after it went`);
    return goneMs;
  }

  stop(): void {
    const stream = this.#stream as (NodeJS.ReadableStream & { destroy?: () => void }) | null;
    this.#stream = null;
    stream?.destroy?.();
  }

  async #answers(): Promise<boolean> {
    try {
      await Promise.race([this.#probe.ping(), sleep(PING_TIMEOUT_MS, undefined, { ref: false }).then(() => Promise.reject(new Error('no answer')))]);
      return true;
    } catch {
      return false;
    }
  }
}
