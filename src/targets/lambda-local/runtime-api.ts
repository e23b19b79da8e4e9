import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An invoke handed to the runtime: what `next` returns. */
export interface RuntimeEvent {
  requestId: string;
  payload: Buffer;
  deadlineMs: number;
  functionArn: string;
}

/** What the runtime posts back for an invoke. */
export type RuntimeReply = { kind: 'response'; payload: Buffer } | { kind: 'error'; payload: Buffer; errorType: string };

/** What the environment hears from its runtime. */
export interface RuntimeListener {
  /** The runtime asked for its next event (its first call ends init). */
  next(): void;
  reply(requestId: string, reply: RuntimeReply): void;
  initError(payload: Buffer, errorType: string): void;
  /** lambda-init's first instant, on CLOCK_MONOTONIC in ns (process.hrtime's clock). */
  initStart(monotonicNs: bigint): void;
}

const PREFIX = '/2018-06-01/runtime';
/** Not Lambda's: only lambda-init (go-workloads/tools/lambda-init) calls it. */
const INIT_START = '/2018-06-01/gosweep/init-start';
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

/**
 * The Lambda Runtime API for one execution environment, on 127.0.0.1: the
 * endpoints a `bootstrap` polls (aws-lambda-go and every other runtime client).
 */
export class RuntimeApi {
  readonly #server: http.Server;
  readonly #listener: RuntimeListener;
  /** The runtime's pending `next` call, answered when an invoke arrives. */
  #waiting: http.ServerResponse | null = null;

  private constructor(listener: RuntimeListener) {
    this.#listener = listener;
    this.#server = http.createServer((req, res) => this.#route(req, res));
    this.#server.keepAliveTimeout = 0;
  }

  static async start(listener: RuntimeListener): Promise<RuntimeApi> {
    const api = new RuntimeApi(listener);
    await new Promise<void>((resolve) => api.#server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** host:port, for AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Answers the pending `next` with this event; false when the runtime is not waiting. */
  deliver(event: RuntimeEvent): boolean {
    const res = this.#waiting;
    if (!res) return false;
    this.#waiting = null;
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': event.requestId,
      'Lambda-Runtime-Deadline-Ms': String(event.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': event.functionArn,
      'Lambda-Runtime-Trace-Id': `Root=1-${event.requestId.slice(0, 8)}-${event.requestId.replaceAll('-', '').slice(0, 24)};Sampled=0`,
    });
    res.end(event.payload);
    return true;
  }

  async close(): Promise<void> {
    this.#waiting?.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === `${PREFIX}/invocation/next`) {
      this.#waiting = res;
      this.#listener.next();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const errorType = String(req.headers['lambda-runtime-function-error-type'] ?? 'Runtime.Unknown');
      const invocation = INVOCATION.exec(url);
      if (req.method === 'POST' && invocation) {
        const [, requestId = '', kind] = invocation;
        this.#listener.reply(requestId, kind === 'response' ? { kind: 'response', payload: body } : { kind: 'error', payload: body, errorType });
      } else if (req.method === 'POST' && url === `${PREFIX}/init/error`) {
        this.#listener.initError(body, errorType);
      } else if (req.method === 'POST' && url === INIT_START && /^\d+$/.test(body.toString('latin1'))) {
        this.#listener.initStart(BigInt(body.toString('latin1')));
      } else {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errorMessage: `no route ${req.method} ${url}`, errorType: 'InvalidRequest' }));
        return;
      }
      res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
    });
  }
}
