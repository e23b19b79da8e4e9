import fs from 'node:fs';
import path from 'node:path';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { formatProblem, HarnessError, redact, UsageError } from '../errors.ts';
import { shardFromEnv } from '../matrix/plan.ts';
import { packageRoot } from '../paths.ts';
import { JSON_EVENTS_HELP } from '../sweep/events.ts';
import { DOCUMENTED_FILES, fileDoc, formatFileDoc } from '../write/file-docs.ts';
import { cleanupCommand } from './cleanup.ts';
import { COMPARE_HELP, compareCommand, type CompareOptions } from './compare.ts';
import { reportCrash } from './crash.ts';
import { execStartCommand } from './exec-start.ts';
import { exportCommand, type ExportFormat } from './export.ts';
import { initCommand } from './init.ts';
import { mergeCommand } from './merge.ts';
import { reportCommand } from './report.ts';
import { kneeCommand } from './knee.ts';
import { EXIT_CODES, EXIT_FAILED, EXIT_USAGE } from './exit-codes.ts';
import { runCommand, type RunOptions } from './run.ts';
import { overrideOptions, overridesOf } from './run-overrides.ts';

/** gosweep's version, from its package.json. */
const VERSION = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) throw new InvalidArgumentError('a whole number from 0 to 2147483647');
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('a positive number');
  return n;
}

function parseShard(value: string): { index: number; count: number } {
  if (value === 'auto') {
    const shard = shardFromEnv(process.env);
    if (typeof shard === 'string') throw new InvalidArgumentError(shard);
    return shard;
  }
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const [index, count] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || index < 1 || index > count) throw new InvalidArgumentError('k/n with 1 <= k <= n, e.g. 2/4, or auto');
  return { index, count };
}

/** Prints an error for people: the message and the fix, no stack trace; an error gosweep did not expect is a crash, with its stack. */
export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`${err.problems.map(formatProblem).join('\n')}\n${pc.red(`${err.problems.length} problem(s); nothing was started.`)}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof HarnessError) {
    process.stderr.write(`${pc.red('error')}: ${redact(err.message)}\n${err.hint ? `  fix: ${err.hint}\n` : ''}`);
    return EXIT_FAILED;
  }
  return reportCrash(err);
}

/** `gosweep --help`'s last lines: every exit code. */
const EXIT_CODES_HELP = `\nExit codes:\n${EXIT_CODES.map(({ code, when }) => `  ${String(code).padStart(3)}  ${when}`).join('\n')}\n`;

/** An old name of an option, still taken (CI scripts use it) but no longer in --help. */
const oldName = (flags: string, now: string) => new Option(flags, `old name of ${now}`).hideHelp();

/** --quiet, as run, knee and exec-start take it. */
const quietOption = (what: string) => new Option('-q, --quiet', `print only errors, warnings and where the results are: no ${what}`);

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('gosweep')
    .description('Benchmark Go services under container limits: cold start, latency percentiles and cgroup facts, as comparable CSV.')
    .version(VERSION, '-V, --version', 'print gosweep\'s version')
    // picocolors reads --no-color (and NO_COLOR) from the command line itself; commander only has to accept it.
    .option('--no-color', 'print no colours, as NO_COLOR does')
    .addHelpText('after', EXIT_CODES_HELP)
    .showHelpAfterError('(run gosweep --help for usage)')
    .exitOverride();

  const run = program
    .command('run')
    .description('build the workloads, run every cell of the matrix on its target (Docker unless the matrix says otherwise) and write results/<matrix>-<time>/results.csv')
    .argument('<matrix>', 'matrix file (YAML), e.g. matrices/quickstart.yaml')
    .option('--dry-run', 'validate the matrix and print the expanded cells with their ids; start nothing')
    .option('--resume <dir>', 'finish an interrupted sweep in this results folder')
    .option('--results-dir <dir>', 'parent folder for new results folders', 'results')
    .addOption(new Option('--out <dir>', 'write to this results folder exactly, resuming the sweep already in it (a retried Job task or pod: it carries on where the last attempt stopped)').conflicts('resume'))
    .option('--seed <n>', 'seed for the shuffled run order (default: run.seed, or derived from the matrix file\'s hash, as --dry-run shows)', parseSeed)
    .option('--shard <k/n>', 'run only slice k of n of the cells (one CI job or Indexed Job per slice); auto: the slice a Cloud Run Job or Kubernetes Indexed Job names', parseShard)
    .addOption(quietOption('progress bar, per-run lines or tables (a failed run still prints)'))
    .addOption(new Option('--json', 'print the sweep\'s events as JSON lines on stdout (see below); the text for people goes to stderr').conflicts('dryRun'));
  for (const option of overrideOptions()) run.addOption(option);
  run
    .addHelpText('after', JSON_EVENTS_HELP)
    .action(async (matrix: string, opts: RunOptions & Record<string, unknown>) => {
      exitCode = await runCommand(matrix, { ...opts, overrides: overridesOf(opts) });
    });

  program
    .command('compare')
    .description('compare two sweeps of a matrix; exit 1 on a significant regression beyond a threshold, 3 when the gate could not test')
    .argument('<baseline>', 'results folder (or results.csv) to compare against')
    .argument('<candidate>', 'results folder (or results.csv) to judge')
    .option('--metrics <list>', 'metrics to show, comma-separated: p50, p99, p999, rps, cold_start, throttled, memory, pull, binary, image')
    .option('--threshold <rule>', 'a limit, e.g. p99:+10%, rps:-5%, cold_start:+5ms (repeatable; overrides the matrix gate and the default)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--no-default-gate', 'gate only on the matrix gate: and --threshold, without the default thresholds')
    .option('--include-flagged', 'count runs flagged driver_limited, memory_stalled, unanswered or contended (left out by default)')
    .addOption(new Option('--format <format>', 'output').choices(['table', 'markdown', 'json']).default('table'))
    .addOption(new Option('--json', 'print the JSON instead of the table (as --format json)').conflicts('format'))
    .addOption(new Option('--markdown-out <file>', 'also append the markdown to this file (e.g. $GITHUB_STEP_SUMMARY)').conflicts('markdownFile'))
    .addOption(new Option('--json-out <file>', 'also write the JSON to this file').conflicts('jsonFile'))
    .addOption(oldName('--markdown-file <file>', '--markdown-out'))
    .addOption(oldName('--json-file <file>', '--json-out'))
    .addHelpText('after', COMPARE_HELP)
    .action(async (baseline: string, candidate: string, opts: CompareOptions & { markdownFile?: string; jsonFile?: string }) => {
      const { markdownFile, jsonFile, ...rest } = opts;
      exitCode = await compareCommand(baseline, candidate, { ...rest, markdownOut: opts.markdownOut ?? markdownFile, jsonOut: opts.jsonOut ?? jsonFile });
    });

  program
    .command('report')
    .description('write report.md into a results folder, and print it: whether each claim of the matrix was reproduced, and every cell')
    .argument('<results>', 'results folder (or its results.csv)')
    .option('--claims <matrix>', 'judge the claims of this matrix file instead of the sweep\'s own (e.g. claims added after it ran)')
    .action(async (dir: string, opts: { claims?: string }) => {
      exitCode = await reportCommand(dir, opts);
    });

  program
    .command('export')
    .description('write a results folder as Go benchmark text (for benchstat), JSON or markdown')
    .argument('<results>', 'results folder (or its results.csv)')
    .addOption(new Option('--format <format>', 'output').choices(['benchstat', 'json', 'markdown']).makeOptionMandatory())
    .option('--out <file>', 'write here instead of standard output')
    .action(async (dir: string, opts: { format: ExportFormat; out?: string }) => {
      exitCode = await exportCommand(dir, opts);
    });

  program
    .command('exec-start')
    .description('time each binary of the matrix starting on the process target, without Docker (spawn → listening), to tell the Go start cost from the container\'s')
    .argument('<matrix>', 'matrix file (YAML)')
    .option('--iterations <n>', 'starts per binary', parsePositive, 30)
    .option('--results-dir <dir>', 'parent folder for the results', 'results')
    .addOption(quietOption('per-binary lines'))
    .action(async (matrix: string, opts: { iterations: number; resultsDir: string; quiet?: boolean }) => {
      exitCode = await execStartCommand(matrix, opts);
    });

  program
    .command('knee')
    .description('find the highest open-loop rate that keeps one cell\'s p99 under a bound')
    .argument('<matrix>', 'matrix file (YAML)')
    .requiredOption('--cell <id>', 'the cell, by the id --dry-run lists')
    .requiredOption('--p99-ms <ms>', 'the p99 bound, in milliseconds', parsePositive)
    .option('--start-rps <n>', 'first rate tried; doubled until a step fails', parsePositive, 50)
    .option('--max-rps <n>', 'highest rate tried', parsePositive, 1_000_000)
    .option('--bisections <n>', 'steps refining between the last pass and the first fail', parsePositive, 4)
    .option('--results-dir <dir>', 'parent folder for the knee\'s results', 'results')
    .addOption(quietOption('per-step lines (the knee still prints)'))
    .action(async (matrix: string, opts: { cell: string; p99Ms: number; startRps: number; maxRps: number; bisections: number; resultsDir: string; quiet?: boolean }) => {
      exitCode = await kneeCommand(matrix, { ...opts, p99BoundMs: opts.p99Ms });
    });

  program
    .command('cleanup')
    .description('remove containers left by a sweep that crashed or was killed (kill -9)')
    .option('--all', 'also remove the containers of sweeps still running')
    .action(async (opts: { all?: boolean }) => {
      exitCode = await cleanupCommand(opts);
    });

  program
    .command('merge')
    .description('join the shards of one sweep (run with --shard k/n on several machines or jobs) into one results folder, after checking they are one sweep, whole, each run once')
    .argument('<shards...>', 'every shard\'s results folder')
    .option('--results-dir <dir>', 'parent folder for the merged results folder', 'results')
    .action(async (shards: string[], opts: { resultsDir: string }) => {
      exitCode = await mergeCommand(shards, opts);
    });

  program
    .command('init')
    .description('write a starter matrix for your service, read from its source: main package or Dockerfile, port, health path; checked as --dry-run checks it')
    .argument('[service]', 'the service\'s folder', '.')
    .option('--out <file>', 'the matrix to write', 'gosweep.yaml')
    .option('--force', 'replace the file if it exists')
    .action(async (service: string, opts: { out: string; force?: boolean }) => {
      exitCode = await initCommand(service, opts);
    });

  program
    .command('columns')
    .description('list the columns of each file of a results folder (or of one), with their kinds and what they mean')
    .addArgument(new Argument('[file]', 'only this file').choices(DOCUMENTED_FILES))
    .action((file: string | undefined) => {
      process.stdout.write((file ? [file] : DOCUMENTED_FILES).map((f) => formatFileDoc(fileDoc(f))).join('\n'));
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    return reportError(err);
  }
}
