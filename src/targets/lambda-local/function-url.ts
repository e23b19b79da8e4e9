import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaApiError, type LambdaEmulator } from './emulator.ts';
import { ThrottledError } from './lambda-function.ts';

interface UrlConfig {
  FunctionUrl: string;
  FunctionArn: string;
  AuthType: string;
  CreationTime: string;
}

/** A Function URL's response: a structured one, or anything else as a 200 JSON body (as Lambda infers). */
interface UrlResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  cookies?: string[];
}

/**
 * Function URLs on 127.0.0.1: each HTTP request becomes a payload-2.0 event
 * and an invoke, as Lambda's Function URLs do. This is the data path load
 * takes, so it does little more than copy bytes.
 */
export class FunctionUrls {
  readonly #emulator: LambdaEmulator;
  readonly #servers = new Map<string, { server: http.Server; config: UrlConfig }>();

  constructor(emulator: LambdaEmulator) {
    this.#emulator = emulator;
  }

  async create(name: string, input: Record<string, unknown>): Promise<UrlConfig> {
    const fn = this.#emulator.get(name);
    const key = fn.config.FunctionName;
    if (this.#servers.has(key)) throw new LambdaApiError(409, 'ResourceConflictException', `Failed to create function url config for [functionArn = ${fn.config.FunctionArn}]. Error message:  FunctionUrlConfig exists for this Lambda function`);
    const server = http.createServer((req, res) => void this.#serve(key, req, res));
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = { FunctionUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, FunctionArn: fn.config.FunctionArn, AuthType: String(input.AuthType ?? 'NONE'), CreationTime: new Date().toISOString() };
    this.#servers.set(key, { server, config });
    return config;
  }

  get(name: string): UrlConfig {
    const entry = this.#servers.get(this.#emulator.get(name).config.FunctionName);
    if (!entry) throw new LambdaApiError(404, 'ResourceNotFoundException', `The resource you requested does not exist.`);
    return entry.config;
  }

  async remove(name: string): Promise<void> {
    const key = name.split(':').pop() ?? name;
    const entry = this.#servers.get(key);
    if (!entry) return;
    this.#servers.delete(key);
    entry.server.closeAllConnections();
    await new Promise<void>((resolve) => entry.server.close(() => resolve()));
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#servers.keys()].map((k) => this.remove(k)));
  }

  async #serve(name: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const result = await this.#emulator.invoke(name, Buffer.from(JSON.stringify(toEvent(req, Buffer.concat(chunks)))), { tail: false });
      if (result.functionError) {
        res.writeHead(502, { 'Content-Type': 'application/json' }).end('{"Message":"Internal Server Error"}');
        return;
      }
      writeResponse(res, result.payload);
    } catch (err) {
      if (res.destroyed) return;
      const throttled = err instanceof ThrottledError;
      res.writeHead(throttled ? 429 : 500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Message: throttled ? 'Rate Exceeded.' : (err as Error).message }));
    }
  }
}

/** The payload-2.0 event of a Function URL request. */
function toEvent(req: http.IncomingMessage, body: Buffer): Record<string, unknown> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && k !== 'cookie') headers[k] = Array.isArray(v) ? v.join(',') : v;
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split('; ') } : {}),
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: req.headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

function writeResponse(res: http.ServerResponse, payload: Buffer): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const structured = parsed !== null && typeof parsed === 'object' && 'statusCode' in parsed ? (parsed as UrlResponse) : null;
  if (!structured) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(payload);
    return;
  }
  const headers: Record<string, string | string[]> = { ...structured.headers };
  if (structured.cookies?.length) headers['Set-Cookie'] = structured.cookies;
  const body = structured.body === undefined ? Buffer.alloc(0) : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(structured.statusCode ?? 200, headers).end(body);
}
