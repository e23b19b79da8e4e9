import { randomUUID } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { freezerOf, memoryPeakBytes, NO_FREEZER, startContainer, type Freezer, type StartedContainer } from '../docker/index.ts';
import { track } from '../live.ts';
import { RuntimeApi, type RuntimeReply } from './runtime-api.ts';
import { nowWallMs } from './wall-clock.ts';

/** What an environment is started with. */
export interface EnvironmentSpec {
  image: string;
  /** The function's variables and Lambda's own (AWS_LAMBDA_FUNCTION_MEMORY_SIZE, …), less the Runtime API address. */
  env: Record<string, string>;
  memoryMb: number;
  /** Cores for --cpus: the tier's share, capped by the host. */
  cpus: number;
  /** The CPUs the process sees (NumCPU), as Lambda shows 2 or more whatever the share; null for all of the host's. */
  cpuset: string | null;
  functionArn: string;
  timeoutMs: number;
  /** Lambda's 10 s init limit. */
  initTimeoutMs: number;
  labels: { sweepId: string; runId: string };
}

/** One invoke as the environment saw it, in the figures Lambda's REPORT line gives. */
export interface EnvironmentInvoke {
  requestId: string;
  reply: RuntimeReply | { kind: 'crash'; errorType: string; message: string };
  /** From the event handed over to the response posted. */
  durationMs: number;
  /** Set on the environment's first invoke when it was initialised for it (not provisioned ahead). */
  initDurationMs: number | null;
  maxMemoryUsedMb: number | null;
  /** What the function printed during the invoke (and its init, on the first). */
  logLines: string[];
}

/** finishing: the response is posted, and the runtime has not yet asked for the next event. */
type State = 'initializing' | 'idle' | 'busy' | 'finishing' | 'dead';

/**
 * An idle environment is frozen once it has had no invoke for this long. A
 * cgroup freeze and thaw cost about 5 ms of kernel time here (npm run
 * bench:lambda-local), more than a warm invoke, so back-to-back invokes under
 * load are not frozen in between; a gap longer than this is, as on Lambda.
 */
export const FREEZE_AFTER_IDLE_MS = 10;

/**
 * A Lambda execution environment: a container of the function's bootstrap,
 * with its memory tier as --memory and the coupled CPU as --cpus, a Runtime
 * API of its own, one invoke at a time, and frozen between invokes.
 */
export class ExecutionEnvironment {
  readonly id = randomUUID().slice(0, 8);
  state: State = 'initializing';
  lastUsedAt = nowWallMs();
  /**
   * Lambda's Init Duration: from lambda-init's first instant (it runs before
   * the bootstrap and posts its CLOCK_MONOTONIC time) to the bootstrap's first
   * `next`, both on the host's monotonic clock. Null (so the start is
   * unverified) when lambda-init could not tell.
   */
  initDurationMs: number | null = null;
  /** Reserved for the invoke it was started for, so no other takes it once ready. */
  claimed = false;
  /** Removed after its current invoke: the function's code or configuration changed. */
  retired = false;
  /** Why it died, for the invoke that finds it dead. */
  deathReason: string | null = null;
  /** Whether its first invoke should still report Init Duration (false once used, or when provisioned). */
  #reportInit = true;
  readonly #api: RuntimeApi;
  readonly #spec: EnvironmentSpec;
  #container: StartedContainer | null = null;
  #freezer: Freezer = NO_FREEZER;
  #frozen = false;
  #freezeTimer: NodeJS.Timeout | null = null;
  #initStartNs: bigint | null = null;
  #firstNextNs: bigint | null = null;
  /** Its container and freezer are known: it may become ready. */
  #launched = false;
  readonly #log: Array<{ at: number; line: string }> = [];
  #ready!: { resolve: () => void; reject: (err: Error) => void };
  readonly ready: Promise<void>;
  /** Invokes waiting for the runtime's next `next` call. */
  #nextWaiters: Array<() => void> = [];
  #pending: { requestId: string; handedAt: number; resolve: (r: RuntimeReply | { kind: 'crash'; errorType: string; message: string }) => void } | null = null;

  private constructor(api: RuntimeApi, spec: EnvironmentSpec) {
    this.#api = api;
    this.#spec = spec;
    this.ready = new Promise<void>((resolve, reject) => (this.#ready = { resolve, reject }));
    this.ready.catch(() => undefined);
  }

  /** An environment with its Runtime API listening and no container yet: the emulator counts it from here. */
  static async open(spec: EnvironmentSpec, opts: { claimed: boolean }): Promise<ExecutionEnvironment> {
    let env: ExecutionEnvironment | null = null;
    const api = await RuntimeApi.start({
      next: () => env?.onNext(),
      reply: (id, reply) => env?.onReply(id, reply),
      initError: (payload, type) => env?.die(`Runtime.InitError: ${type} ${payload.toString('utf8').slice(0, 500)}`),
      initStart: (ns) => env?.onInitStart(ns),
    });
    env = new ExecutionEnvironment(api, spec);
    env.claimed = opts.claimed;
    return env;
  }

  /** Starts its container; `ready` settles when the runtime first asks for an event, or fails to. A failure to start kills it. */
  async launch(docker: Docker): Promise<void> {
    const spec = this.#spec;
    const timer = setTimeout(() => this.die(`Runtime.InitTimeout: init did not finish within ${spec.initTimeoutMs / 1000} s`), spec.initTimeoutMs);
    this.ready.finally(() => clearTimeout(timer)).catch(() => undefined);
    try {
      this.#container = await startContainer(
        docker,
        { image: spec.image, env: { ...spec.env, AWS_LAMBDA_RUNTIME_API: this.#api.address }, cpus: spec.cpus, memoryBytes: spec.memoryMb * 1024 * 1024, cpuset: spec.cpuset, restart: false, what: `a Lambda environment of ${spec.functionArn.split(':').pop()}` },
        spec.labels,
      );
      const { container } = this.#container;
      // A frozen process cannot be killed: removal on Ctrl-C or a crash thaws it first.
      track(`docker:${container.id}`, () => this.remove());
      if (this.state === 'dead') return void (await this.remove());
      this.#freezer = freezerOf(container.id);
      void this.#container.exited.then((code) => this.die(`Runtime.ExitError: the runtime exited with status ${code}`));
      void this.#followLogs(docker, container);
      this.#launched = true;
      this.#finishInit();
    } catch (err) {
      this.die(`Runtime.Unavailable: the environment could not start: ${(err as Error).message}`);
    }
  }

  async #followLogs(docker: Docker, container: Docker.Container): Promise<void> {
    try {
      const stream = (await container.logs({ follow: true, stdout: true, stderr: true })) as unknown as Readable;
      const output = new PassThrough();
      docker.modem.demuxStream(stream, output, output);
      stream.on('error', () => undefined);
      stream.on('end', () => output.end());
      let partial = '';
      output.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.#log.push({ at: nowWallMs(), line });
        if (this.#log.length > 2000) this.#log.splice(0, this.#log.length - 1000);
      });
    } catch {
      // No logs: the tail holds only the platform's lines.
    }
  }

  /** What the function printed since a time. */
  logSince(at: number): string[] {
    return this.#log.filter((l) => l.at >= at).map((l) => l.line);
  }

  /** Provisioned ahead of its first invoke: Lambda reports no Init Duration for it. */
  markProvisioned(): void {
    this.#reportInit = false;
  }

  onInitStart(ns: bigint): void {
    if (this.state === 'initializing' && this.#initStartNs === null) this.#initStartNs = ns;
  }

  /** Init ends at the runtime's first `next`; the environment is ready once its container is known too. */
  #finishInit(): void {
    if (this.state !== 'initializing' || !this.#launched || this.#firstNextNs === null) return;
    const initMs = this.#initStartNs === null ? null : Number(this.#firstNextNs - this.#initStartNs) / 1e6;
    this.initDurationMs = initMs !== null && initMs > 0 ? initMs : null;
    this.state = 'idle';
    this.#ready.resolve();
    if (!this.claimed) this.#freezeSoon();
  }

  /** Freezes it unless an invoke arrives first. */
  #freezeSoon(): void {
    if (this.#freezeTimer) clearTimeout(this.#freezeTimer);
    this.#freezeTimer = setTimeout(() => {
      this.#freezeTimer = null;
      if (this.state !== 'idle' || this.claimed) return;
      this.#freezer.freeze();
      this.#frozen = true;
    }, FREEZE_AFTER_IDLE_MS);
    this.#freezeTimer.unref();
  }

  #thaw(): void {
    if (this.#freezeTimer) clearTimeout(this.#freezeTimer);
    this.#freezeTimer = null;
    if (!this.#frozen) return;
    this.#freezer.thaw();
    this.#frozen = false;
  }

  onNext(): void {
    if (this.state === 'initializing') {
      this.#firstNextNs = process.hrtime.bigint();
      return this.#finishInit();
    }
    if (this.state === 'finishing') this.state = 'idle';
    const waiter = this.#nextWaiters.shift();
    if (waiter) return waiter();
    // Frozen until the next invoke, as Lambda does once the runtime asks for more.
    if (this.state === 'idle' && !this.claimed) this.#freezeSoon();
  }

  onReply(requestId: string, reply: RuntimeReply): void {
    if (this.#pending?.requestId !== requestId) return;
    const pending = this.#pending;
    this.#pending = null;
    pending.resolve(reply);
  }

  /** Runs one invoke; the environment must be idle, or finishing (then the event waits for the runtime's `next`). */
  async invoke(requestId: string, payload: Buffer, opts: { tail: boolean }): Promise<EnvironmentInvoke> {
    const deadResult = (): EnvironmentInvoke => ({ requestId, reply: { kind: 'crash', errorType: 'Runtime.ExitError', message: this.deathReason ?? 'the runtime exited' }, durationMs: 0, initDurationMs: null, maxMemoryUsedMb: null, logLines: [] });
    if (this.state === 'dead') return deadResult();
    const finishing = this.state === 'finishing';
    this.state = 'busy';
    this.claimed = false;
    if (finishing) await new Promise<void>((resolve) => this.#nextWaiters.push(resolve));
    if ((this.state as State) === 'dead') return deadResult();
    const initDurationMs = this.#reportInit ? this.initDurationMs : null;
    const logFrom = this.#reportInit ? 0 : nowWallMs();
    this.#reportInit = false;
    const handedAt = nowWallMs();
    const reply = new Promise<EnvironmentInvoke['reply']>((resolve) => (this.#pending = { requestId, handedAt, resolve }));
    this.#thaw();
    const deadlineMs = Date.now() + this.#spec.timeoutMs;
    if (!this.#api.deliver({ requestId, payload, deadlineMs, functionArn: this.#spec.functionArn })) {
      this.die('Runtime.Unavailable: the runtime was not waiting for an event');
    }
    const timer = setTimeout(() => this.die(`Sandbox.Timedout: Task timed out after ${(this.#spec.timeoutMs / 1000).toFixed(2)} seconds`), this.#spec.timeoutMs);
    const result = await reply;
    clearTimeout(timer);
    const durationMs = nowWallMs() - handedAt;
    // Only an invoke whose log is asked for pays for its REPORT's Max Memory Used and log lines.
    const peak = opts.tail && this.#container ? memoryPeakBytes(this.#container.container.id) : null;
    this.lastUsedAt = nowWallMs();
    // Available again once the runtime asks for its next event.
    if (this.state === 'busy') this.state = 'finishing';
    if (this.retired) void this.remove();
    return { requestId, reply: result, durationMs, initDurationMs, maxMemoryUsedMb: peak === null ? null : Math.ceil(peak / 1048576), logLines: opts.tail ? this.logSince(logFrom) : [] };
  }

  /** Marks it dead: a pending invoke or init fails with the reason, and the container goes. */
  die(reason: string): void {
    if (this.#settle(reason)) void this.remove();
  }

  /** Ends it once: whoever waits on it (init, an invoke, a `next`) hears why. False when it already was. */
  #settle(reason: string): boolean {
    if (this.state === 'dead') return false;
    this.state = 'dead';
    this.deathReason = reason;
    const [errorType = 'Runtime.Unknown', ...rest] = reason.split(': ');
    this.#ready.reject(new Error(reason));
    this.#pending?.resolve({ kind: 'crash', errorType, message: rest.join(': ') });
    this.#pending = null;
    for (const waiter of this.#nextWaiters.splice(0)) waiter();
    return true;
  }

  async remove(): Promise<void> {
    this.#settle('Runtime.Retired: the environment was removed');
    this.#frozen = true;
    this.#thaw();
    await this.#container?.remove().catch(() => undefined);
    await this.#api.close();
  }

  get containerId(): string | null {
    return this.#container?.container.id ?? null;
  }

  get freezeHow(): string {
    return this.#freezer.how;
  }
}
