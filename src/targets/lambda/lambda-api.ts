import {
  CreateFunctionCommand,
  CreateFunctionUrlConfigCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  PutProvisionedConcurrencyConfigCommand,
  LambdaClient,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { parseReport, type LambdaReport } from './report-line.ts';

/** How long a function may take to become active or updated before the deploy fails. */
const WAIT = { maxWaitTime: 300, minDelay: 1, maxDelay: 5 };

export interface FunctionSpec {
  name: string;
  role: string;
  zip: Uint8Array;
  arch: 'x86_64' | 'arm64';
  memoryMb: number;
  timeoutS: number;
  env: Record<string, string>;
  tags: Record<string, string>;
}

/** Creates the function (Text logs, tags) and waits until it is active; returns its Function URL. */
export async function createFunction(client: LambdaClient, spec: FunctionSpec): Promise<string> {
  await client.send(new CreateFunctionCommand({
    FunctionName: spec.name,
    Role: spec.role,
    Runtime: 'provided.al2023',
    Handler: 'bootstrap',
    Architectures: [spec.arch],
    Code: { ZipFile: spec.zip },
    MemorySize: spec.memoryMb,
    Timeout: spec.timeoutS,
    Environment: { Variables: spec.env },
    LoggingConfig: { LogFormat: 'Text' },
    Tags: spec.tags,
  }));
  await waitUntilFunctionActiveV2({ client, ...WAIT }, { FunctionName: spec.name });
  const url = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: spec.name, AuthType: 'AWS_IAM' }));
  return (url.FunctionUrl ?? '').replace(/\/$/, '');
}

/** Sets memory and env (with a nonce, so Lambda starts new environments) and waits until the update is done. */
export async function reconfigure(client: LambdaClient, name: string, memoryMb: number, env: Record<string, string>): Promise<void> {
  await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, MemorySize: memoryMb, Environment: { Variables: env } }));
  await waitUntilFunctionUpdatedV2({ client, ...WAIT }, { FunctionName: name });
}

/**
 * Initialises environments ahead of invokes (provisioned concurrency). AWS takes
 * it on a published version or alias only; the emulator on $LATEST too.
 */
export async function provision(client: LambdaClient, name: string, count: number): Promise<void> {
  await client.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: name, Qualifier: '$LATEST', ProvisionedConcurrentExecutions: count }));
}

export interface Invoked {
  ms: number;
  payload: Uint8Array | undefined;
  functionError: string | null;
  log: string;
  report: LambdaReport | null;
}

/** One synchronous invoke with its log tail, timed on the client. */
export async function invokeWithTail(client: LambdaClient, name: string, payload: Uint8Array): Promise<Invoked> {
  const startedAt = performance.now();
  const out = await client.send(new InvokeCommand({ FunctionName: name, Payload: payload, LogType: 'Tail' }));
  const ms = performance.now() - startedAt;
  const log = out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '';
  return { ms, payload: out.Payload, functionError: out.FunctionError ?? null, log, report: parseReport(log) };
}

export async function deleteFunction(client: LambdaClient, name: string): Promise<void> {
  try {
    await client.send(new DeleteFunctionCommand({ FunctionName: name }));
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
}
