import readline from 'node:readline';
import type { Socket } from 'node:net';
import { PassThrough, Readable, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { HarnessError } from '../../../errors.ts';
import { containerLabels } from '../labels.ts';
import { remove, track } from '../live-containers.ts';
import { driverImage, DRIVER_WORKDIR } from './driver-image.ts';
import { ProbeSession, type ServedCommand } from './probe-session.ts';

export const DRIVER_RUN_ID = 'driver';

/** A command running in the driver: its stdout lines, then its exit code and error output. */
export interface DriverCommand {
  lines: AsyncIterable<string>;
  ended: Promise<{ exitCode: number | null; stderr: string }>;
  /** Closes its stdin: a command run with -exit-with-stdin then stops. */
  closeStdin(): void;
}

/**
 * gosweep's driver on a remote engine's host: a container on the host
 * network, beside the workloads. Its main process, `probe serve`, answers
 * over one attach stream (readiness, single requests, the host's counters);
 * the load generator runs in it through `docker exec`. Its requests go to
 * that host's loopback; only their results come back over the Engine API.
 */
export class Driver {
  readonly #engine: Docker;
  readonly #image: string;
  readonly #sweepId: string;
  readonly #allCpus: string;
  #container!: Docker.Container;
  #session!: ProbeSession;
  #relaunch: Promise<void> | null = null;
  #cpuset: string | null = null;
  #folders = 0;

  private constructor(engine: Docker, image: string, opts: { hostCpus: number; sweepId: string }) {
    this.#engine = engine;
    this.#image = image;
    this.#sweepId = opts.sweepId;
    this.#allCpus = `0-${opts.hostCpus - 1}`;
  }

  static async start(engine: Docker, opts: { goarch: string; hostCpus: number; sweepId: string }): Promise<Driver> {
    const driver = new Driver(engine, await driverImage(engine, opts.goarch), opts);
    await driver.#launch();
    return driver;
  }

  /** Creates the container, attaches to its stdin and stdout, and starts it. */
  async #launch(): Promise<void> {
    const container = await this.#engine.createContainer({
      Image: this.#image,
      Cmd: ['/probe', 'serve'],
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Labels: containerLabels(this.#sweepId, DRIVER_RUN_ID),
      HostConfig: { NetworkMode: 'host', LogConfig: { Type: 'none', Config: {} } },
    });
    track(container);
    const stream = (await container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as Duplex;
    // A link that goes quiet (a NAT dropping it) is noticed, not waited on.
    (stream as Partial<Socket>).setKeepAlive?.(true, 10_000);
    await container.start();
    this.#container = container;
    this.#cpuset = null;
    this.#session = new ProbeSession(this.#engine, stream);
  }

  /** Whether its session is up; a driver the engine lost (a restart) is started again at its next use. */
  get alive(): boolean {
    return this.#session.open;
  }

  /** Starts the driver again if the engine lost it; once, however many callers find it gone. */
  async #ensure(): Promise<void> {
    if (this.#session.open) return;
    this.#relaunch ??= (async () => {
      await remove(this.#container).catch(() => undefined);
      await this.#launch();
    })().finally(() => {
      this.#relaunch = null;
    });
    await this.#relaunch;
  }

  /** Runs `probe <args>` through the session; `deadlineMs` bounds it here too, should the link go quiet. */
  async probe(args: string[], deadlineMs?: number): Promise<ServedCommand> {
    await this.#ensure();
    return this.#session.command(args, deadlineMs);
  }

  /** Runs a probe command to its end and returns its one JSON line; throws with the fix when it gives none. */
  async ask<T>(args: string[], what: string): Promise<T> {
    const { first, ended } = await this.firstLine<T>(args, { deadlineMs: 30_000 });
    if (first === null) {
      const { exitCode, stderr } = await ended;
      throw new HarnessError(`the driver's ${what} printed nothing (exit ${exitCode}): ${stderr}`, { stage: 'drive', hint: 'run "gosweep cleanup" and try again; the engine may have restarted or run out of memory (docker events)' });
    }
    return first;
  }

  /** Runs a probe command to its end; its first line, or null when it gave none or the signal fired. */
  async firstLine<T>(args: string[], opts: { deadlineMs: number; signal?: AbortSignal }): Promise<{ first: T | null; ended: ServedCommand['ended'] }> {
    const command = await this.probe(args, opts.deadlineMs);
    const stop = () => command.stop();
    opts.signal?.addEventListener('abort', stop, { once: true });
    if (opts.signal?.aborted) stop();
    try {
      let first: T | null = null;
      for await (const line of command.lines) first ??= line as T;
      return { first: opts.signal?.aborted ? null : first, ended: command.ended };
    } finally {
      opts.signal?.removeEventListener('abort', stop);
    }
  }

  /** Runs a command in the driver with `docker exec` (the load generator); `stdin` keeps its stdin open until closeStdin (or the signal). */
  async run(argv: string[], opts: { stdin?: boolean; workingDir?: string; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<DriverCommand> {
    await this.#ensure();
    const exec = await this.#container.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, AttachStdin: opts.stdin ?? false, WorkingDir: opts.workingDir ?? DRIVER_WORKDIR });
    const stream = (await exec.start({ hijack: true, stdin: opts.stdin ?? false })) as Duplex;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    this.#engine.modem.demuxStream(stream, stdout, stderr);
    const errText: Buffer[] = [];
    stderr.on('data', (chunk: Buffer) => errText.length < 64 && errText.push(chunk));
    const closeStdin = () => {
      if (opts.stdin && stream.writable) stream.end();
    };
    const onAbort = () => closeStdin();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) closeStdin();
    const timer = opts.timeoutMs === undefined ? null : setTimeout(() => stream.destroy(), opts.timeoutMs);
    const closed = new Promise<void>((resolve) => {
      stream.once('close', resolve);
      stream.once('end', resolve);
      stream.once('error', () => resolve());
    });
    const ended = closed.then(async () => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      stdout.end();
      stderr.end();
      const info = await exec.inspect().catch(() => null);
      return { exitCode: info?.Running === false ? (info.ExitCode ?? null) : null, stderr: Buffer.concat(errText).toString('utf8').trim() };
    });
    return { lines: readline.createInterface({ input: stdout, crlfDelay: Number.POSITIVE_INFINITY }), ended, closeStdin };
  }

  /** Puts files in a fresh folder of the driver's; returns the folder. */
  async putFiles(files: Record<string, string>): Promise<string> {
    await this.#ensure();
    const folder = `w${++this.#folders}`;
    const archive = pack();
    archive.entry({ name: `${folder}/`, type: 'directory', mode: 0o755 });
    for (const [name, text] of Object.entries(files)) archive.entry({ name: `${folder}/${name}`, mode: 0o644 }, text);
    archive.finalize();
    await this.#container.putArchive(Readable.from(archive), { path: DRIVER_WORKDIR });
    return `${DRIVER_WORKDIR}/${folder}`;
  }

  /** Pins the driver to these CPUs (null: all of them) for what it runs next. */
  async pin(cpuset: string | null): Promise<void> {
    await this.#ensure();
    if (cpuset === this.#cpuset) return;
    await this.#container.update({ CpusetCpus: cpuset ?? this.#allCpus });
    this.#cpuset = cpuset;
  }

  stop(): Promise<void> {
    this.#session.close();
    return remove(this.#container);
  }
}
