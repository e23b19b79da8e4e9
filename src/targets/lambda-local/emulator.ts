import fs from 'node:fs';
import type Docker from 'dockerode';
import { LAMBDA_MEMORY_MB } from '../../types.ts';
import { bootstrapProblem, codeImage } from './code-image.ts';
import { cpuStat, type CpuStat } from '../docker/index.ts';
import { ExecutionEnvironment } from './environment.ts';
import { codeSha256, LambdaFunction, ThrottledError, type FunctionConfiguration, type InvokeResult } from './lambda-function.ts';

export const LOCAL_REGION = 'us-east-1';
/** Not an account: a placeholder in the ARNs the emulator makes up. */
const LOCAL_ACCOUNT = '000000000000';

export interface EmulatorOptions {
  docker: Docker;
  /** Cores an environment may have at most: the host's. Lambda's coupling above that is capped. */
  hostCpus: number;
  /** Labels of the containers, so the sweep's cleanup finds them. */
  sweepId: string;
  /** Idle environments are retired after this long. */
  idleTimeoutMs: number;
  /** Environments at once across functions (Lambda's account concurrency); more invokes are throttled. */
  maxConcurrency: number;
  /** lambda-init built for this host: every environment's first process. */
  initPath: string;
}

/** A client error in Lambda's terms: its exception name and HTTP status. */
export class LambdaApiError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

const notFound = (name: string) => new LambdaApiError(404, 'ResourceNotFoundException', `Function not found: ${arnOf(name)}`);
const arnOf = (name: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;

/** The vCPUs a Lambda environment shows (NumCPU): 2 up to 3,538 MB, then one more per 1,769 MB, up to 6 at 10,240 MB. */
export function visibleCpus(memoryMb: number): number {
  return Math.min(6, Math.max(2, Math.ceil(memoryMb / LAMBDA_MEMORY_MB.perVcpu)));
}

/** The CPU Lambda couples to a memory tier (one vCPU at 1,769 MB), capped by the host. */
export function coupledCpus(memoryMb: number, hostCpus: number): { cpus: number; capped: boolean } {
  const cpus = memoryMb / LAMBDA_MEMORY_MB.perVcpu;
  return cpus > hostCpus ? { cpus: hostCpus, capped: true } : { cpus: Math.max(0.01, Math.round(cpus * 1000) / 1000), capped: false };
}

/**
 * Lambda on this machine: functions with their code and configuration, and
 * execution environments as containers with Lambda's semantics (one invoke
 * each, a new one when all are busy, frozen between invokes, retired when idle
 * or when the function changes).
 */
export class LambdaEmulator {
  readonly functions = new Map<string, LambdaFunction>();
  readonly #opts: EmulatorOptions;
  readonly #reaper: NodeJS.Timeout;

  constructor(opts: EmulatorOptions) {
    this.#opts = opts;
    this.#reaper = setInterval(() => this.#retireIdle(), 1000);
    this.#reaper.unref();
  }

  get(name: string): LambdaFunction {
    const fn = this.functions.get(name.split(':').pop() ?? name);
    if (!fn) throw notFound(name);
    return fn;
  }

  async create(input: Record<string, unknown>): Promise<LambdaFunction> {
    const name = String(input.FunctionName ?? '');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new LambdaApiError(400, 'InvalidParameterValueException', `FunctionName '${name}' must be 1-64 of A-Za-z0-9_-`);
    if (this.functions.has(name)) throw new LambdaApiError(409, 'ResourceConflictException', `Function already exist: ${name}`);
    if (!input.Role) throw new LambdaApiError(400, 'InvalidParameterValueException', 'Role is required');
    const zip = zipOf(input.Code);
    const config: FunctionConfiguration = {
      FunctionName: name,
      FunctionArn: arnOf(name),
      Runtime: String(input.Runtime ?? 'provided.al2023'),
      Role: String(input.Role),
      Handler: String(input.Handler ?? 'bootstrap'),
      CodeSize: zip.length,
      CodeSha256: codeSha256(zip),
      Description: String(input.Description ?? ''),
      Timeout: Number(input.Timeout ?? 3),
      MemorySize: Number(input.MemorySize ?? 128),
      LastModified: '',
      Version: '$LATEST',
      Environment: { Variables: { ...((input.Environment as { Variables?: Record<string, string> } | undefined)?.Variables ?? {}) } },
      RevisionId: '',
      State: 'Pending',
      StateReasonCode: 'Creating',
      LastUpdateStatus: 'InProgress',
      PackageType: input.PackageType === 'Image' ? 'Image' : 'Zip',
      Architectures: (input.Architectures as string[] | undefined) ?? ['x86_64'],
      LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
    };
    checkMemory(config.MemorySize);
    const fn = new LambdaFunction(config, { ...((input.Tags as Record<string, string> | undefined) ?? {}) });
    fn.touch();
    this.functions.set(name, fn);
    void this.#loadCode(fn, zip);
    return fn;
  }

  updateConfiguration(name: string, input: Record<string, unknown>): LambdaFunction {
    const fn = this.get(name);
    const { config } = fn;
    if (input.MemorySize !== undefined) config.MemorySize = checkMemory(Number(input.MemorySize));
    if (input.Timeout !== undefined) config.Timeout = Number(input.Timeout);
    if (input.Role !== undefined) config.Role = String(input.Role);
    if (input.Description !== undefined) config.Description = String(input.Description);
    const env = input.Environment as { Variables?: Record<string, string> } | undefined;
    if (env) config.Environment = { Variables: { ...(env.Variables ?? {}) } };
    fn.touch();
    this.#retireAll(fn);
    return fn;
  }

  updateCode(name: string, input: Record<string, unknown>): LambdaFunction {
    const fn = this.get(name);
    const zip = zipOf(input);
    fn.config.CodeSize = zip.length;
    fn.config.CodeSha256 = codeSha256(zip);
    if (Array.isArray(input.Architectures)) fn.config.Architectures = input.Architectures as string[];
    fn.config.LastUpdateStatus = 'InProgress';
    fn.touch();
    this.#retireAll(fn);
    void this.#loadCode(fn, zip);
    return fn;
  }

  async delete(name: string): Promise<void> {
    const fn = this.get(name);
    this.functions.delete(fn.config.FunctionName);
    await Promise.all([...fn.environments].map((e) => e.remove()));
  }

  /**
   * One invoke: on an idle environment, or a new one when all are busy; at the
   * concurrency limit an idle environment of any function makes room, and with
   * none idle the invoke is throttled. `tail` asks for its log (the SDK's
   * LogType Tail); the Function URL path does without.
   */
  async invoke(name: string, payload: Buffer, opts: { tail: boolean }): Promise<InvokeResult> {
    const fn = this.get(name);
    if (fn.config.State !== 'Active' || !fn.code) {
      throw new LambdaApiError(409, 'ResourceConflictException', `The operation cannot be performed at this time. The function is currently in the following state: ${fn.config.State}`);
    }
    const warm = fn.idleEnvironment();
    if (warm) return fn.run(warm, payload, false, opts);
    if (this.#inUse() >= this.#opts.maxConcurrency && !this.#evictIdle()) {
      fn.counters.throttles += 1;
      throw new ThrottledError('Rate Exceeded.');
    }
    fn.counters.coldStarts += 1;
    const env = await this.#startEnvironment(fn, 'on-demand', true);
    try {
      await env.ready;
    } catch {
      return fn.failedInit(env.deathReason ?? 'Runtime.Unknown: init failed', env.logSince(0));
    }
    return fn.run(env, payload, true, opts);
  }

  /** Starts environments ahead of invokes (provisioned concurrency): they report no Init Duration. */
  async provision(name: string, count: number): Promise<void> {
    const fn = this.get(name);
    fn.provisioned = count;
    const started = await Promise.all(Array.from({ length: count }, () => this.#startEnvironment(fn, 'provisioned-concurrency', false)));
    for (const env of started) env.markProvisioned();
    await Promise.all(started.map((e) => e.ready.catch(() => undefined)));
  }

  /** Each live environment's CFS counters, by environment id: where the coupled CPU shows as throttling. */
  cpuStats(name: string): Map<string, CpuStat> {
    const stats = new Map<string, CpuStat>();
    for (const env of this.get(name).environments) {
      const stat = env.containerId && env.state !== 'dead' ? cpuStat(env.containerId) : null;
      if (stat) stats.set(env.id, stat);
    }
    return stats;
  }

  /** Facts for meta.json: how environments are frozen, and the coupling. */
  facts(): Record<string, unknown> {
    const freezer = fs.existsSync('/sys/fs/cgroup/freezer/docker') ? 'cgroup v1 freezer' : 'unavailable: no cgroup v1 freezer for Docker\'s containers (processes run between invokes)';
    return { freezer, cpuPerMb: `1 vCPU per ${LAMBDA_MEMORY_MB.perVcpu} MB, capped at ${this.#opts.hostCpus}`, idleTimeoutMs: this.#opts.idleTimeoutMs, maxConcurrency: this.#opts.maxConcurrency };
  }

  async close(): Promise<void> {
    clearInterval(this.#reaper);
    await Promise.all([...this.functions.values()].flatMap((f) => [...f.environments].map((e) => e.remove())));
    this.functions.clear();
  }

  /** Environments running or starting an invoke, as Lambda counts concurrency; idle ones do not count. */
  #inUse(): number {
    let n = 0;
    for (const fn of this.functions.values()) for (const env of fn.environments) if (env.state !== 'dead' && (env.state !== 'idle' || env.claimed)) n += 1;
    return n;
  }

  /** Removes the least recently used idle environment of any function, to make room; false when none is idle. */
  #evictIdle(): boolean {
    let oldest: { fn: LambdaFunction; env: ExecutionEnvironment } | null = null;
    for (const fn of this.functions.values()) {
      for (const env of fn.environments) if (env.state === 'idle' && !env.claimed && (!oldest || env.lastUsedAt < oldest.env.lastUsedAt)) oldest = { fn, env };
    }
    if (!oldest) return false;
    oldest.fn.environments.delete(oldest.env);
    void oldest.env.remove();
    return true;
  }

  async #startEnvironment(fn: LambdaFunction, initType: string, claimed: boolean): Promise<ExecutionEnvironment> {
    const { config } = fn;
    const { cpus } = coupledCpus(config.MemorySize, this.#opts.hostCpus);
    const shown = Math.min(visibleCpus(config.MemorySize), this.#opts.hostCpus);
    const env = await ExecutionEnvironment.open({
      image: fn.code?.image ?? '',
      env: lambdaEnvironment(config, initType),
      memoryMb: config.MemorySize,
      cpus,
      cpuset: shown < this.#opts.hostCpus ? `0-${shown - 1}` : null,
      functionArn: config.FunctionArn,
      timeoutMs: config.Timeout * 1000,
      initTimeoutMs: 10_000,
      labels: { sweepId: this.#opts.sweepId, runId: `lambda-local:${config.FunctionName}` },
    }, { claimed });
    // Counted, and retired by a change, from before its container exists.
    fn.environments.add(env);
    await env.launch(this.#opts.docker);
    return env;
  }

  /**
   * A changed function gets new environments: idle ones go now, busy ones after
   * their invoke. The update reads InProgress until the idle ones are gone, so a
   * cold start forced by it is not timed beside their removal.
   */
  #retireAll(fn: LambdaFunction): void {
    const removals: Array<Promise<void>> = [];
    for (const env of fn.environments) {
      env.retired = true;
      if (env.state !== 'busy') removals.push(env.remove());
    }
    fn.environments.clear();
    if (removals.length === 0) return;
    const revision = fn.config.RevisionId;
    fn.config.LastUpdateStatus = 'InProgress';
    void Promise.allSettled(removals).then(() => {
      if (fn.config.RevisionId === revision && fn.code) fn.config.LastUpdateStatus = 'Successful';
    });
  }

  #retireIdle(): void {
    const cutoff = performance.timeOrigin + performance.now() - this.#opts.idleTimeoutMs;
    for (const fn of this.functions.values()) {
      for (const env of fn.environments) {
        if (env.state === 'dead' || (env.state === 'idle' && !env.claimed && env.lastUsedAt < cutoff)) {
          fn.environments.delete(env);
          void env.remove();
        }
      }
    }
  }

  async #loadCode(fn: LambdaFunction, zip: Uint8Array): Promise<void> {
    const problem = bootstrapProblem(zip);
    try {
      if (problem) throw new Error(problem);
      fn.code = { image: await codeImage(this.#opts.docker, zip, this.#opts.initPath), sha256: fn.config.CodeSha256, size: zip.length };
      Object.assign(fn.config, { State: 'Active', LastUpdateStatus: 'Successful', StateReasonCode: undefined });
    } catch (err) {
      Object.assign(fn.config, { State: fn.code ? 'Active' : 'Failed', LastUpdateStatus: 'Failed', StateReason: (err as Error).message, LastUpdateStatusReason: (err as Error).message, StateReasonCode: 'InvalidZipFileException' });
    }
  }
}

function checkMemory(mb: number): number {
  if (!Number.isInteger(mb) || mb < LAMBDA_MEMORY_MB.min || mb > LAMBDA_MEMORY_MB.max) {
    throw new LambdaApiError(400, 'InvalidParameterValueException', `MemorySize ${mb} is outside ${LAMBDA_MEMORY_MB.min}-${LAMBDA_MEMORY_MB.max} MB`);
  }
  return mb;
}

function zipOf(code: unknown): Uint8Array {
  const zip = (code as { ZipFile?: string } | undefined)?.ZipFile;
  if (!zip) throw new LambdaApiError(400, 'InvalidParameterValueException', 'only ZipFile packages are emulated (no S3, no ImageUri)');
  return Buffer.from(zip, 'base64');
}

/** The variables Lambda sets in a provided runtime's environment, after the function's own. */
function lambdaEnvironment(config: FunctionConfiguration, initType: string): Record<string, string> {
  return {
    ...config.Environment.Variables,
    AWS_LAMBDA_FUNCTION_NAME: config.FunctionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.MemorySize),
    AWS_LAMBDA_FUNCTION_VERSION: config.Version,
    AWS_LAMBDA_INITIALIZATION_TYPE: initType,
    AWS_LAMBDA_LOG_GROUP_NAME: config.LoggingConfig.LogGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[${config.Version}]${config.RevisionId.slice(0, 8)}`,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    LAMBDA_TASK_ROOT: '/var/task',
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    _HANDLER: config.Handler,
    TZ: ':UTC',
  };
}
