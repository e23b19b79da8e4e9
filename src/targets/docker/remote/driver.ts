import readline from 'node:readline';
import { PassThrough, Readable, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { HarnessError } from '../../../errors.ts';
import { containerLabels } from '../labels.ts';
import { remove, track } from '../live-containers.ts';
import { driverImage, DRIVER_WORKDIR } from './driver-image.ts';

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
 * network, beside the workloads, in which `docker exec` runs the probe and
 * the load generator. Its requests go to that host's loopback; only their
 * results come back over the Engine API.
 */
export class Driver {
  readonly #engine: Docker;
  readonly #container: Docker.Container;
  readonly #allCpus: string;
  #cpuset: string | null = null;
  #folders = 0;

  private constructor(engine: Docker, container: Docker.Container, hostCpus: number) {
    this.#engine = engine;
    this.#container = container;
    this.#allCpus = `0-${hostCpus - 1}`;
  }

  static async start(engine: Docker, opts: { goarch: string; hostCpus: number; sweepId: string }): Promise<Driver> {
    const image = await driverImage(engine, opts.goarch);
    const container = await engine.createContainer({
      Image: image,
      Labels: containerLabels(opts.sweepId, DRIVER_RUN_ID),
      HostConfig: { NetworkMode: 'host', LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } } },
    });
    track(container);
    await container.start();
    return new Driver(engine, container, opts.hostCpus);
  }

  /** Runs a command in the driver; `stdin` keeps its stdin open until closeStdin (or the signal). */
  async run(argv: string[], opts: { stdin?: boolean; workingDir?: string; signal?: AbortSignal; timeoutMs?: number } = {}): Promise<DriverCommand> {
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

  /** Runs a command to its end and parses its one JSON line. */
  async ask<T>(argv: string[], what: string): Promise<T> {
    const command = await this.run(argv);
    let line: string | undefined;
    for await (const l of command.lines) line ??= l;
    const { exitCode, stderr } = await command.ended;
    if (line === undefined) {
      throw new HarnessError(`the driver's ${what} printed nothing (exit ${exitCode}): ${stderr}`, { stage: 'drive', hint: 'run "gosweep cleanup" and try again; "docker logs" of the driver container tells more' });
    }
    return JSON.parse(line) as T;
  }

  /** Puts files in a fresh folder of the driver's; returns the folder. */
  async putFiles(files: Record<string, string>): Promise<string> {
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
    if (cpuset === this.#cpuset) return;
    await this.#container.update({ CpusetCpus: cpuset ?? this.#allCpus });
    this.#cpuset = cpuset;
  }

  stop(): Promise<void> {
    return remove(this.#container);
  }
}
