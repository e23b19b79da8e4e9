/** A Function URL (payload 2.0) event for a GET of `path`: how gosweep invokes a workload's paths through the SDK. */
export function getEvent(path: string): Uint8Array {
  const [rawPath = '/', rawQueryString = ''] = path.split('?', 2);
  return Buffer.from(JSON.stringify({
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { 'user-agent': 'gosweep' },
    requestContext: { http: { method: 'GET', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'gosweep' }, routeKey: '$default', stage: '$default' },
    isBase64Encoded: false,
  }));
}

/** The workload's answer inside an Invoke's payload: status, headers, body. */
export interface UrlAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function readAnswer(payload: Uint8Array | undefined): UrlAnswer | null {
  if (!payload) return null;
  try {
    const parsed = JSON.parse(Buffer.from(payload).toString('utf8')) as Partial<UrlAnswer> & { isBase64Encoded?: boolean };
    if (typeof parsed.statusCode !== 'number') return null;
    const headers = Object.fromEntries(Object.entries(parsed.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const body = parsed.isBase64Encoded ? Buffer.from(parsed.body ?? '', 'base64').toString('utf8') : (parsed.body ?? '');
    return { statusCode: parsed.statusCode, headers, body };
  } catch {
    return null;
  }
}

