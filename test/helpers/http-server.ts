import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServerOptions {
  delayMs: number;
  status?: number;
  /** Hold every answer from `stallAfterMs` after the first request, for `stallMs`. */
  stallAfterMs?: number;
  stallMs?: number;
}

/** A loopback HTTP server with a known delay (and optionally one stall); closed when the test ends. */
export async function startServer(t: { after: (fn: () => Promise<void>) => void }, opts: ServerOptions): Promise<string> {
  let first: number | null = null;
  const server = http.createServer((_req, res) => {
    const now = performance.now();
    first ??= now;
    let wait = opts.delayMs;
    if (opts.stallAfterMs !== undefined && opts.stallMs !== undefined) {
      const stallStart = first + opts.stallAfterMs;
      const stallEnd = stallStart + opts.stallMs;
      if (now >= stallStart && now < stallEnd) wait = Math.max(wait, stallEnd - now);
    }
    setTimeout(() => res.writeHead(opts.status ?? 200).end('x'), wait);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
