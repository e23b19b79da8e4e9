import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaApiError, type LambdaEmulator } from './emulator.ts';
import { FunctionUrls } from './function-url.ts';
import { ThrottledError, type LambdaFunction } from './lambda-function.ts';

/** Lambda's Tail is the last 4 KB of the invoke's log. */
const TAIL_BYTES = 4096;

type Reply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: Buffer };
type Handler = (m: string[], body: Buffer, url: URL, headers: http.IncomingHttpHeaders) => Promise<Reply> | Reply;

const json = (status: number, body?: unknown): Reply => ({ status, body });
const configOf = (fn: LambdaFunction) => fn.config;

/**
 * The subset of Lambda's REST API (2015-03-31 and friends) that gosweep's
 * lambda target calls, so the unchanged @aws-sdk/client-lambda talks to the
 * emulator with only an endpoint override.
 */
export class ControlApi {
  readonly #server: http.Server;
  readonly #emulator: LambdaEmulator;
  readonly #urls: FunctionUrls;
  readonly #routes: Array<[string, RegExp, Handler]>;

  private constructor(emulator: LambdaEmulator) {
    this.#emulator = emulator;
    this.#urls = new FunctionUrls(emulator);
    const e = emulator;
    this.#routes = [
      ['POST', /^\/2015-03-31\/functions\/?$/, async (_, body) => json(201, configOf(await e.create(parse(body))))],
      ['GET', /^\/2015-03-31\/functions\/?$/, () => json(200, { Functions: [...e.functions.values()].map(configOf) })],
      ['GET', /^\/2015-03-31\/functions\/([^/]+)$/, ([name = '']) => {
        const fn = e.get(name);
        return json(200, { Configuration: fn.config, Code: { RepositoryType: 'S3', Location: '' }, Tags: fn.tags });
      }],
      ['GET', /^\/2015-03-31\/functions\/([^/]+)\/configuration$/, ([name = '']) => json(200, e.get(name).config)],
      ['PUT', /^\/2015-03-31\/functions\/([^/]+)\/configuration$/, ([name = ''], body) => json(200, configOf(e.updateConfiguration(name, parse(body))))],
      ['PUT', /^\/2015-03-31\/functions\/([^/]+)\/code$/, ([name = ''], body) => json(200, configOf(e.updateCode(name, parse(body))))],
      ['DELETE', /^\/2015-03-31\/functions\/([^/]+)$/, async ([name = '']) => {
        await this.#urls.remove(name);
        await e.delete(name);
        return json(204);
      }],
      ['POST', /^\/2015-03-31\/functions\/([^/]+)\/invocations$/, ([name = ''], body, _url, headers) => this.#invoke(name, body, String(headers['x-amz-log-type'] ?? '').toLowerCase() === 'tail')],
      ['GET', /^\/2017-03-31\/tags\/(.+)$/, ([arn = '']) => json(200, { Tags: e.get(arn).tags })],
      ['POST', /^\/2017-03-31\/tags\/(.+)$/, ([arn = ''], body) => {
        Object.assign(e.get(arn).tags, (parse(body).Tags as Record<string, string> | undefined) ?? {});
        return json(204);
      }],
      ['GET', /^\/2016-08-19\/account-settings\/?$/, () => json(200, { AccountLimit: { ConcurrentExecutions: 1000 }, AccountUsage: { FunctionCount: e.functions.size } })],
      ['PUT', /^\/2019-09-30\/functions\/([^/]+)\/provisioned-concurrency$/, async ([name = ''], body) => {
        const count = Number(parse(body).ProvisionedConcurrentExecutions ?? 0);
        await e.provision(name, count);
        return json(202, { RequestedProvisionedConcurrentExecutions: count, AllocatedProvisionedConcurrentExecutions: count, AvailableProvisionedConcurrentExecutions: count, Status: 'READY' });
      }],
      ['POST', /^\/2021-10-31\/functions\/([^/]+)\/url$/, async ([name = ''], body) => json(201, await this.#urls.create(name, parse(body)))],
      ['GET', /^\/2021-10-31\/functions\/([^/]+)\/url$/, ([name = '']) => json(200, this.#urls.get(name))],
      ['DELETE', /^\/2021-10-31\/functions\/([^/]+)\/url$/, async ([name = '']) => {
        await this.#urls.remove(name);
        return json(204);
      }],
    ];
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
  }

  static async start(emulator: LambdaEmulator): Promise<ControlApi> {
    const api = new ControlApi(emulator);
    await new Promise<void>((resolve) => api.#server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await this.#urls.closeAll();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #invoke(name: string, payload: Buffer, tail: boolean): Promise<Reply> {
    try {
      const result = await this.#emulator.invoke(decodeURIComponent(name), payload.length > 0 ? payload : Buffer.from('{}'), { tail });
      const log = Buffer.from(result.log);
      return {
        status: result.statusCode,
        raw: result.payload,
        headers: {
          'X-Amz-Executed-Version': '$LATEST',
          'X-Amz-Log-Result': log.subarray(Math.max(0, log.length - TAIL_BYTES)).toString('base64'),
          ...(result.functionError ? { 'X-Amz-Function-Error': result.functionError } : {}),
        },
      };
    } catch (err) {
      if (err instanceof ThrottledError) throw new LambdaApiError(429, 'TooManyRequestsException', 'Rate Exceeded.');
      throw err;
    }
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    const url = new URL(req.url ?? '/', 'http://localhost');
    let reply: Reply;
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const route = this.#routes.find(([method, pattern]) => method === req.method && pattern.test(url.pathname));
      if (!route) throw new LambdaApiError(404, 'UnknownOperationException', `the emulator does not serve ${req.method} ${url.pathname}`);
      const match = (route[1].exec(url.pathname) ?? []).slice(1).map((s) => decodeURIComponent(s));
      reply = await route[2](match, Buffer.concat(chunks), url, req.headers);
    } catch (err) {
      const e = err instanceof LambdaApiError ? err : new LambdaApiError(500, 'ServiceException', (err as Error).message);
      reply = { status: e.status, body: { Type: e.status < 500 ? 'User' : 'Service', message: e.message }, headers: { 'x-amzn-ErrorType': e.type } };
    }
    const body = reply.raw ?? (reply.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(reply.body)));
    if (res.destroyed) return;
    res.writeHead(reply.status, { 'Content-Type': 'application/json', 'x-amzn-RequestId': crypto.randomUUID(), ...reply.headers });
    res.end(body);
  }
}

function parse(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new LambdaApiError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
  }
}
