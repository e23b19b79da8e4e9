/**
 * Lambda's platform lines, as an Invoke's log tail has them (LogType: 'Tail':
 * the last 4 KB of the invocation's log, base64; the caller decodes it):
 *
 *   START RequestId: <id> Version: $LATEST
 *   …the function's own output…
 *   END RequestId: <id>
 *   REPORT RequestId: <id>\tDuration: 2.72 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tInit Duration: 55.10 ms\t
 *
 * With X-Ray tracing the REPORT goes on to a second line (`XRAY TraceId: …\tSegmentId: …\tSampled: true\t`).
 * A local emulator writes the same lines with the format* functions, so one parser reads both.
 */

export interface LambdaReport {
  requestId: string;
  durationMs: number;
  /** What the invocation was billed for: on provided runtimes (and, since 1 August 2025, all on-demand ones) it includes Init Duration. */
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number | null;
  /** Cold starts only. */
  initDurationMs: number | null;
  /** SnapStart cold starts only, instead of Init Duration. */
  restoreDurationMs: number | null;
  billedRestoreDurationMs: number | null;
  /** Every other `Key: value` of the line (Status, Error Type, XRAY TraceId, …), as printed. */
  extra: Record<string, string>;
}

const REPORT = 'REPORT ';
const XRAY = 'XRAY TraceId: ';
/** Keys Lambda prints on the line after REPORT when the function is traced. */
const XRAY_KEYS = new Set(['XRAY TraceId', 'SegmentId', 'Sampled']);
const KNOWN_KEYS = new Set(['RequestId', 'Duration', 'Billed Duration', 'Memory Size', 'Max Memory Used', 'Init Duration', 'Restore Duration', 'Billed Restore Duration']);

/**
 * `Key: value` where a key is capitalised words and a value one token with an optional unit:
 * for a line whose tabs became spaces (copied from a console), where only the keys' shape tells fields apart.
 */
const SPACED_FIELD = /([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*): (\S+(?: (?:ms|MB))?)/g;

/** The `Key: value` pairs of a platform line (its leading word removed), in order. */
function fieldsOf(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  if (text.includes('\t')) {
    for (const part of text.split('\t')) {
      const colon = part.indexOf(': ');
      if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 2).trim());
    }
  } else {
    for (const [, key = '', value = ''] of text.matchAll(SPACED_FIELD)) fields.set(key, value);
  }
  return fields;
}

/** `12.34 ms` → 12.34; null when absent or in another unit. */
function amount(value: string | undefined, unit: 'ms' | 'MB'): number | null {
  const match = value === undefined ? null : /^(\d+(?:\.\d+)?) (ms|MB)$/.exec(value);
  return match && match[2] === unit ? Number(match[1]) : null;
}

function reportOf(fields: Map<string, string>): LambdaReport | null {
  const requestId = fields.get('RequestId');
  const durationMs = amount(fields.get('Duration'), 'ms');
  const billedDurationMs = amount(fields.get('Billed Duration'), 'ms');
  const memorySizeMb = amount(fields.get('Memory Size'), 'MB');
  if (!requestId || durationMs === null || billedDurationMs === null || memorySizeMb === null) return null;
  return {
    requestId,
    durationMs,
    billedDurationMs,
    memorySizeMb,
    maxMemoryUsedMb: amount(fields.get('Max Memory Used'), 'MB'),
    initDurationMs: amount(fields.get('Init Duration'), 'ms'),
    restoreDurationMs: amount(fields.get('Restore Duration'), 'ms'),
    billedRestoreDurationMs: amount(fields.get('Billed Restore Duration'), 'ms'),
    extra: Object.fromEntries([...fields].filter(([key]) => !KNOWN_KEYS.has(key))),
  };
}

/**
 * The last REPORT in a log tail, fields read by key; null when there is none.
 * Only lines that begin with `REPORT RequestId: ` count, so the function's own
 * output mentioning REPORT does not; and since Lambda writes its REPORT after
 * everything the function printed, the last one is Lambda's. One without
 * Duration, Billed Duration or Memory Size is passed over for an earlier one.
 */
export function parseReport(log: string): LambdaReport | null {
  const lines = log.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (!line.startsWith(`${REPORT}RequestId: `)) continue;
    const fields = fieldsOf(line.slice(REPORT.length));
    const next = lines[i + 1] ?? '';
    if (next.startsWith(XRAY)) for (const [key, value] of fieldsOf(next)) fields.set(key, value);
    const report = reportOf(fields);
    if (report) return report;
  }
  return null;
}

/**
 * The REPORT line as Lambda prints it: tab after every field, durations to two
 * decimals, billed and memory whole; absent fields left out. X-Ray's fields go
 * on a second line, as Lambda puts them. No final newline.
 */
export function formatReport(r: LambdaReport): string {
  const fields = [
    `RequestId: ${r.requestId}`,
    `Duration: ${r.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${r.billedDurationMs} ms`,
    `Memory Size: ${r.memorySizeMb} MB`,
  ];
  if (r.maxMemoryUsedMb !== null) fields.push(`Max Memory Used: ${r.maxMemoryUsedMb} MB`);
  if (r.initDurationMs !== null) fields.push(`Init Duration: ${r.initDurationMs.toFixed(2)} ms`);
  if (r.restoreDurationMs !== null) fields.push(`Restore Duration: ${r.restoreDurationMs.toFixed(2)} ms`);
  if (r.billedRestoreDurationMs !== null) fields.push(`Billed Restore Duration: ${r.billedRestoreDurationMs} ms`);
  const xray: string[] = [];
  for (const [key, value] of Object.entries(r.extra)) (XRAY_KEYS.has(key) ? xray : fields).push(`${key}: ${value}`);
  const line = `${REPORT}${fields.map((f) => `${f}\t`).join('')}`;
  return xray.length > 0 ? `${line}\n${xray.map((f) => `${f}\t`).join('')}` : line;
}

/** `START RequestId: <id> Version: <version>`: a space, not a tab, before Version, as Lambda prints it. */
export function formatStart(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function formatEnd(requestId: string): string {
  return `END RequestId: ${requestId}`;
}
