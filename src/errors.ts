import type { PlatformFacts, Stage } from './types.ts';

/** A failure with the stage it happened in, the cell it concerns and the fix. */
export class HarnessError extends Error {
  readonly stage: Stage;
  readonly cellId: string | undefined;
  readonly hint: string | undefined;

  constructor(message: string, opts: { stage: Stage; cellId?: string; hint?: string; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.name = 'HarnessError';
    this.stage = opts.stage;
    this.cellId = opts.cellId;
    this.hint = opts.hint;
  }
}

/** A cold start that never answered, with what the platform saw (an OOM kill at start, say) and the instance's last output. */
export class ColdStartFailure extends HarnessError {
  readonly platform: PlatformFacts | null;

  constructor(message: string, opts: { cellId: string; hint: string; platform: PlatformFacts | null }) {
    super(message, { stage: 'cold-start', cellId: opts.cellId, hint: opts.hint });
    this.name = 'ColdStartFailure';
    this.platform = opts.platform;
  }
}

/** One problem found in an input, with where it is and how to fix it. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the offending value, e.g. `axes.cpus[1]`. */
  path: string;
  message: string;
  fix: string;
}

/** Every problem of an input at once; the CLI prints them and exits 2. */
export class UsageError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'UsageError';
    this.problems = problems;
  }
}

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file;
  const path = p.path ? `${p.path}: ` : '';
  return `${where}: ${path}${p.message}\n  fix: ${p.fix}`;
}

export function errorMessage(err: unknown): string {
  return redact(err instanceof Error ? err.message : String(err));
}

/** Variables whose values are credentials, wherever they turn up. */
const SECRET_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GOOGLE_OAUTH_ACCESS_TOKEN', 'CLOUDSDK_AUTH_ACCESS_TOKEN', 'GOOGLE_API_KEY'];
/** Credentials a target resolved (from files, profiles, metadata servers). */
const resolved = new Set<string>();

/** Makes redact take out these values from now on: credentials a target resolved, not only the variables it was given. */
export function treatAsSecret(...values: Array<string | undefined>): void {
  for (const value of values) if (value && value.length >= 8) resolved.add(value);
}

/**
 * Takes out what must never reach a results file, log or meta.json: the values
 * of credentials (SECRET_ENV and what treatAsSecret was given), AWS account ids
 * (in ARNs), access key ids, and signatures, tokens and credentials in headers
 * or presigned URLs; Google access tokens and identity tokens (JWTs).
 * Platform errors quote all of these, and a hostile endpoint can echo anything.
 */
export function redact(text: string): string {
  // Longest first, so a secret that holds a shorter one goes whole.
  const secrets = [...SECRET_ENV.map((name) => process.env[name]).filter((v): v is string => !!v && v.length >= 8), ...resolved].sort((a, b) => b.length - a.length);
  for (const secret of secrets) text = text.replaceAll(secret, '<secret>');
  return text
    .replace(/(arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:)\d{12}(?=:)/g, '$1<account>')
    .replace(/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '<access-key>')
    .replace(/(X-Amz-(?:Security-Token|Credential|Signature)[=:]\s*)[^&"\s,]+/gi, '$1<redacted>')
    .replace(/(Authorization[=:]\s*)[^"\n]+/gi, '$1<redacted>')
    .replace(/(Credential=)[^,\s]+/g, '$1<redacted>')
    .replace(/\bya29\.[\w.-]+/g, '<access-token>')
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '<token>');
}

/** Thrown when Ctrl-C stops a run midway; the run is not recorded, and --resume redoes it. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}
