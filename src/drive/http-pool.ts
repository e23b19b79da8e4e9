import { Pool } from 'undici';

/** Keep-alive connections to one origin, one request at a time on each. */
export function openPool(url: URL, connections: number, connectTimeoutMs: number): Pool {
  return new Pool(url.origin, { connections, pipelining: 1, connect: { timeout: connectTimeoutMs } });
}

/** Sends GET `url` and reads the body; resolves to the status. */
export async function get(pool: Pool, url: URL, timeoutMs: number): Promise<number> {
  // undici's own timeouts tick at about 1 s; an AbortSignal timer is exact.
  const res = await pool.request({ path: url.pathname + url.search, method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
  await res.body.dump();
  return res.statusCode;
}
