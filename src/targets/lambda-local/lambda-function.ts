import { createHash, randomUUID } from 'node:crypto';
import { formatEnd, formatReport, formatStart } from '../lambda/report-line.ts';
import type { EnvironmentInvoke, ExecutionEnvironment } from './environment.ts';
import { nowWallMs } from './wall-clock.ts';

/** A function's configuration, in the fields and names of Lambda's FunctionConfiguration. */
export interface FunctionConfiguration {
  FunctionName: string;
  FunctionArn: string;
  Runtime: string;
  Role: string;
  Handler: string;
  CodeSize: number;
  CodeSha256: string;
  Description: string;
  Timeout: number;
  MemorySize: number;
  LastModified: string;
  Version: string;
  Environment: { Variables: Record<string, string> };
  RevisionId: string;
  State: 'Pending' | 'Active' | 'Failed';
  StateReason?: string;
  StateReasonCode?: string;
  LastUpdateStatus: 'InProgress' | 'Successful' | 'Failed';
  LastUpdateStatusReason?: string;
  PackageType: 'Zip' | 'Image';
  Architectures: string[];
  LoggingConfig: { LogFormat: 'Text' | 'JSON'; LogGroup: string };
}

/** What one invoke returns: Lambda's Invoke response. */
export interface InvokeResult {
  statusCode: number;
  payload: Buffer;
  /** Unhandled when the function failed. */
  functionError: string | null;
  /** The invoke's log: START, the function's output, END and REPORT, as Lambda's Tail has it. */
  log: string;
  /** A new environment was started for it (Lambda's cold start). */
  cold: boolean;
  durationMs: number;
  billedDurationMs: number;
}

/** Counters of one function since it was created, read at the window's edges. */
export interface FunctionCounters {
  invocations: number;
  coldStarts: number;
  throttles: number;
  errors: number;
  billedMs: number;
}

export class ThrottledError extends Error {}

/** The Runtime API's view of a code package: the image its environments run. */
export interface FunctionCode {
  image: string;
  sha256: string;
  size: number;
}

/** A function's code and configuration, and its execution environments. */
export class LambdaFunction {
  config: FunctionConfiguration;
  code: FunctionCode | null = null;
  tags: Record<string, string>;
  readonly environments = new Set<ExecutionEnvironment>();
  readonly counters: FunctionCounters = { invocations: 0, coldStarts: 0, throttles: 0, errors: 0, billedMs: 0 };
  /** Environments being started, counted against the concurrency limit. */
  starting = 0;
  provisioned = 0;

  constructor(config: FunctionConfiguration, tags: Record<string, string>) {
    this.config = config;
    this.tags = tags;
  }

  /** Records a configuration or code change, as Lambda does (new revision, last modified). */
  touch(): void {
    this.config.RevisionId = randomUUID();
    this.config.LastModified = new Date().toISOString().replace('Z', '+0000');
  }

  /**
   * A warm environment to run an invoke on: an idle one, most recently used
   * first, else one whose runtime is about to ask for its next event.
   */
  idleEnvironment(): ExecutionEnvironment | null {
    let best: ExecutionEnvironment | null = null;
    const rank = (e: ExecutionEnvironment) => (e.state === 'idle' ? 2 : e.state === 'finishing' ? 1 : 0);
    for (const env of this.environments) {
      if (env.claimed || env.retired || rank(env) === 0) continue;
      if (!best || rank(env) > rank(best) || (rank(env) === rank(best) && env.lastUsedAt > best.lastUsedAt)) best = env;
    }
    return best;
  }

  /** Runs an invoke on an environment and writes its log as Lambda does. */
  async run(env: ExecutionEnvironment, payload: Buffer, cold: boolean, opts: { tail: boolean }): Promise<InvokeResult> {
    const requestId = randomUUID();
    const done = await env.invoke(requestId, payload, opts);
    return this.#result(done, cold, opts.tail);
  }

  /** An invoke that never reached a runtime (its environment failed to start). */
  failedInit(reason: string, logLines: string[]): InvokeResult {
    const requestId = randomUUID();
    const [errorType = 'Runtime.Unknown', ...rest] = reason.split(': ');
    return this.#result({ requestId, reply: { kind: 'crash', errorType, message: rest.join(': ') }, durationMs: 0, initDurationMs: null, maxMemoryUsedMb: null, logLines }, true, true);
  }

  #result(done: EnvironmentInvoke, cold: boolean, tail: boolean): InvokeResult {
    const { reply } = done;
    const initMs = done.initDurationMs ?? 0;
    // Provided runtimes bill the init phase with the first invoke, rounded up to the ms.
    const billedDurationMs = Math.max(1, Math.ceil(done.durationMs + initMs));
    this.counters.invocations += 1;
    this.counters.billedMs += billedDurationMs;
    const failed = reply.kind !== 'response';
    if (failed) this.counters.errors += 1;
    if (!tail) {
      const payload = reply.kind === 'crash' ? Buffer.from(JSON.stringify({ errorType: reply.errorType, errorMessage: reply.message })) : reply.payload;
      return { statusCode: 200, payload, functionError: failed ? 'Unhandled' : null, log: '', cold, durationMs: done.durationMs, billedDurationMs };
    }
    const report = formatReport({
      requestId: done.requestId,
      durationMs: Math.round(done.durationMs * 100) / 100,
      billedDurationMs,
      memorySizeMb: this.config.MemorySize,
      maxMemoryUsedMb: done.maxMemoryUsedMb,
      initDurationMs: done.initDurationMs === null ? null : Math.round(done.initDurationMs * 100) / 100,
      restoreDurationMs: null,
      billedRestoreDurationMs: null,
      extra: {},
    });
    const crash = reply.kind === 'crash' ? [`${new Date().toISOString()} ${done.requestId} ${reply.errorType}: ${reply.message}`] : [];
    const log = [formatStart(done.requestId, this.config.Version), ...done.logLines, ...crash, formatEnd(done.requestId), report].join('\n') + '\n';
    const payload =
      reply.kind === 'crash'
        ? Buffer.from(JSON.stringify({ errorType: reply.errorType, errorMessage: `RequestId: ${done.requestId} Error: ${reply.message}` }))
        : reply.payload;
    return { statusCode: 200, payload, functionError: failed ? 'Unhandled' : null, log, cold, durationMs: done.durationMs, billedDurationMs };
  }
}

/** sha256 of a package, base64, as Lambda's CodeSha256. */
export function codeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

