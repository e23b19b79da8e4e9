/** --quiet and --json, as the verbs that take them read them. */
export interface OutputOptions {
  /** No progress bar, no per-run or per-step lines, no tables: errors, warnings and the results path only. */
  quiet?: boolean;
  /** stdout carries JSON lines only; the text for people goes to stderr. */
  json?: boolean;
}

/**
 * Where a verb's text goes. stdout carries its output: text for people, or,
 * under --json, only JSON lines (the text then goes to stderr). stderr carries
 * what happens on the way: notes, warnings, errors. --quiet keeps errors,
 * warnings and the line that says where the results are.
 */
export interface Output {
  /** Results for people (tables, per-step lines, headers): dropped under --quiet. */
  info(line?: string): void;
  /** Where the results went: always printed. */
  result(line: string): void;
  /** What happens on the way (built this, removed that): stderr, dropped under --quiet. */
  note(line: string): void;
  /** Warnings and errors: stderr, always. */
  warn(line: string): void;
  /** One JSON value on a line of stdout, under --json only. */
  json(value: unknown): void;
  readonly quiet: boolean;
}

export function output(opts: OutputOptions = {}): Output {
  const quiet = opts.quiet === true;
  const text = opts.json ? process.stderr : process.stdout;
  return {
    info: (line = '') => void (quiet || text.write(`${line}\n`)),
    result: (line) => void text.write(`${line}\n`),
    note: (line) => void (quiet || process.stderr.write(`${line}\n`)),
    warn: (line) => void process.stderr.write(`${line}\n`),
    json: (value) => void (opts.json && process.stdout.write(`${JSON.stringify(value)}\n`)),
    quiet,
  };
}
