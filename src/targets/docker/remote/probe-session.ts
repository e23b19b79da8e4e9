import { EventEmitter, on } from 'node:events';
import readline from 'node:readline';
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';

/** A probe command served by the driver: its JSON lines, then how it ended. */
export interface ServedCommand {
  lines: AsyncIterable<Record<string, unknown>>;
  ended: Promise<{ exitCode: number | null; stderr: string }>;
  /** Closes its stdin (a ready run with -exit-with-stdin stops there) and ends it here at once. */
  stop(): void;
}

interface Reply {
  id?: number;
  out?: Record<string, unknown>;
  exit?: number;
  stderr?: string;
}

/**
 * The attach stream to the driver's `probe serve`: commands go in as JSON
 * lines, and their lines come back tagged with the command's id. One stream
 * serves the sweep, so nothing is started on the engine host while a cold
 * start is timed (a docker exec there slows the container starting beside it).
 */
export class ProbeSession {
  readonly #stream: Duplex;
  readonly #commands = new Map<number, EventEmitter>();
  #nextId = 0;
  #open = true;

  constructor(engine: Docker, stream: Duplex) {
    this.#stream = stream;
    const stdout = new PassThrough();
    engine.modem.demuxStream(stream, stdout, new PassThrough().resume());
    const lines = readline.createInterface({ input: stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => this.#dispatch(line));
    const closed = () => {
      this.#open = false;
      for (const command of this.#commands.values()) command.emit('exit', { exitCode: null, stderr: 'the driver container went away' });
      this.#commands.clear();
    };
    stream.once('close', closed);
    stream.once('end', closed);
    stream.once('error', closed);
  }

  get open(): boolean {
    return this.#open;
  }

  /** Runs `probe <args>` in the driver; past `deadlineMs` without its end, it ends here as failed. */
  command(args: string[], deadlineMs?: number): ServedCommand {
    const id = ++this.#nextId;
    const events = new EventEmitter();
    this.#commands.set(id, events);
    const ended = new Promise<{ exitCode: number | null; stderr: string }>((resolve) => events.once('exit', resolve));
    if (deadlineMs !== undefined) {
      const timer = setTimeout(() => {
        if (this.#commands.delete(id)) events.emit('exit', { exitCode: null, stderr: `no answer from the driver within ${deadlineMs} ms` });
      }, deadlineMs);
      void ended.finally(() => clearTimeout(timer));
    }
    // Listening from now, so no line is lost before the caller reads.
    const raw = on(events, 'line', { close: ['exit'] });
    const lines = (async function* () {
      for await (const [line] of raw) yield line as Record<string, unknown>;
    })();
    if (this.#open) this.#stream.write(`${JSON.stringify({ id, args })}\n`);
    else queueMicrotask(() => events.emit('exit', { exitCode: null, stderr: 'the driver container went away' }));
    const stop = () => {
      if (this.#open) this.#stream.write(`${JSON.stringify({ id, stop: true })}\n`);
      if (this.#commands.delete(id)) events.emit('exit', { exitCode: null, stderr: 'stopped' });
    };
    return { lines, ended, stop };
  }

  /** Ends the session; the driver container is removed next. */
  close(): void {
    if (this.#open) this.#stream.end();
    this.#open = false;
  }

  #dispatch(line: string): void {
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      return;
    }
    const command = reply.id === undefined ? undefined : this.#commands.get(reply.id);
    if (!command) return;
    if (reply.out !== undefined) command.emit('line', reply.out);
    if (reply.exit !== undefined) {
      this.#commands.delete(reply.id as number);
      command.emit('exit', { exitCode: reply.exit, stderr: (reply.stderr ?? '').trim() });
    }
  }
}
