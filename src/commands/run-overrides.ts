import { InvalidArgumentError, Option } from 'commander';
import { UsageError, type Problem } from '../errors.ts';
import { runSchema } from '../matrix/schema.ts';
import type { Matrix, RunSettings } from '../types.ts';

type Key = 'repetitions' | 'durationSeconds' | 'warmupSeconds' | 'coldStarts';

/** Run settings given on the command line, over the matrix's run: section. */
export type RunOverrides = Partial<Pick<RunSettings, Key>>;

/**
 * The run: settings `gosweep run` takes on its command line, as hyperfine's
 * --runs and k6's --duration do: each option, its commander attribute, and
 * the setting it replaces. They take the matrix's bounds (matrix/schema.ts).
 */
export const RUN_OVERRIDES: ReadonlyArray<{ flag: string; arg: string; attribute: string; key: Key; what: string }> = [
  { flag: '--runs', arg: '<n>', attribute: 'runs', key: 'repetitions', what: 'repetitions of each cell' },
  { flag: '--duration', arg: '<seconds>', attribute: 'duration', key: 'durationSeconds', what: 'seconds measured in each run' },
  { flag: '--warmup', arg: '<seconds>', attribute: 'warmup', key: 'warmupSeconds', what: 'seconds of load before each measured window' },
  { flag: '--cold-starts', arg: '<n>', attribute: 'coldStarts', key: 'coldStarts', what: 'cold starts timed in each run' },
];

/** "a whole number from 1 to 1000", "a number above 0, at most 86400": the schema's bounds of a run setting, in words. */
function boundsOf(key: Key): string {
  const field = runSchema.shape[key].unwrap();
  const kind = field.isInt ? 'a whole number' : 'a number';
  const { minValue: min, maxValue: max } = field;
  if (min === null || max === null) return kind;
  return field.safeParse(min).success ? `${kind} from ${min} to ${max}` : `${kind} above ${min}, at most ${max}`;
}

/** The value of an override if the matrix's run: setting would take it (its bounds), else null. */
function valueOf(key: Key, value: string): number | null {
  const n = Number(value);
  return value.trim() !== '' && runSchema.shape[key].safeParse(n).success ? n : null;
}

/** The value of an override, for commander: a value the matrix's run: setting would not take is a usage error. */
export function parseOverride(key: Key, value: string): number {
  const n = valueOf(key, value);
  if (n === null) throw new InvalidArgumentError(`run.${key} takes ${boundsOf(key)}`);
  return n;
}

/** The override options, for commander. */
export function overrideOptions(): Option[] {
  return RUN_OVERRIDES.map((o) => new Option(`${o.flag} ${o.arg}`, `${o.what}, instead of the matrix's run.${o.key} (${boundsOf(o.key)})`).argParser((v: string) => parseOverride(o.key, v)));
}

/** The overrides among commander's options. */
export function overridesOf(opts: Record<string, unknown>): RunOverrides {
  const overrides: RunOverrides = {};
  for (const o of RUN_OVERRIDES) if (typeof opts[o.attribute] === 'number') overrides[o.key] = opts[o.attribute] as number;
  return overrides;
}

/** The overrides on a recorded command line (meta.json's argv), as --resume finds them. */
export function overridesInArgv(argv: readonly string[], where = 'meta.json'): RunOverrides {
  const overrides: RunOverrides = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const o = RUN_OVERRIDES.find((x) => x.flag === flag);
    const value = inline ?? argv[i + 1];
    if (!o || value === undefined) continue;
    if (inline === undefined) i++;
    const n = valueOf(o.key, value);
    if (n === null) throw new UsageError([{ file: where, line: 0, col: 0, path: 'argv', message: `${o.flag} ${value}: run.${o.key} takes ${boundsOf(o.key)}`, fix: 'restore the meta.json the sweep wrote, or start a new sweep without --resume (or with another --out folder)' }]);
    overrides[o.key] = n;
  }
  return overrides;
}

/** The matrix with the overrides in its run: settings. */
export function withOverrides(matrix: Matrix, overrides: RunOverrides): Matrix {
  return Object.keys(overrides).length === 0 ? matrix : { ...matrix, run: { ...matrix.run, ...overrides } };
}

/** "--runs 5 (run.repetitions: 3), --duration 1 (run.durationSeconds: 10)": the overrides and what the matrix said. */
export function describeOverrides(overrides: RunOverrides, matrix: Matrix): string {
  return RUN_OVERRIDES.filter((o) => overrides[o.key] !== undefined)
    .map((o) => `${o.flag} ${overrides[o.key]} (the matrix's run.${o.key}: ${matrix.run[o.key]})`)
    .join(', ');
}

/**
 * The overrides a resumed sweep runs with: those it began with, from its
 * meta.json. Overrides given again must be the same, or its runs would not
 * be comparable; a UsageError names each that differs.
 */
export function resumeOverrides(given: RunOverrides, recordedArgv: readonly string[], dir: string): RunOverrides {
  const recorded = overridesInArgv(recordedArgv, `${dir}/meta.json`);
  const problems: Problem[] = RUN_OVERRIDES.filter((o) => given[o.key] !== undefined && given[o.key] !== recorded[o.key]).map((o) => ({
    file: o.flag,
    line: 0,
    col: 0,
    path: '',
    message: `${o.flag} ${given[o.key]} differs from the sweep in ${dir}, which began ${recorded[o.key] === undefined ? `without ${o.flag} (the matrix's run.${o.key})` : `with ${o.flag} ${recorded[o.key]}`}`,
    fix: `drop ${o.flag}: --resume finishes a sweep with the settings it began with (meta.json's argv); or start a new sweep without --resume (or with another --out folder)`,
  }));
  if (problems.length > 0) throw new UsageError(problems);
  return recorded;
}
