import type { RequestErrorKind } from '../types.ts';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ENOTCONN']);

/** Sorts a failed request into a kind, so errors are counted, never dropped. */
export function classifyError(err: unknown): RequestErrorKind {
  const { code = '', name = '' } = (err ?? {}) as { code?: unknown; name?: string };
  if (name === 'TimeoutError' || TIMEOUT_CODES.has(String(code))) return 'timeout';
  if (CONNECTION_CODES.has(String(code))) return 'connection';
  return 'other';
}

export function emptyErrorCounts(): Record<RequestErrorKind, number> {
  return { timeout: 0, connection: 0, http: 0, other: 0 };
}
