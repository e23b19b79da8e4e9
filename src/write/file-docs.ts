// What every file of a results folder holds, column by column (or field by
// field), with each column's kind: `gosweep columns` prints it, and JSON export
// reads CSV text back into numbers and booleans by it.
import { SUMMARY_METRICS, SUMMARY_STATS, summaryColumn, type CsvKind, type SummaryMetric, type SummaryStat } from '../types.ts';
import { COLD_START_DOCS, documentedColumns, PARAM_COLUMNS_DOC } from './columns.ts';

/** How a CSV column's text reads back. `param`: a number, boolean or string, as the matrix wrote it. */
export type ColumnKind = CsvKind | 'param';
/** What a field of a JSON file holds. */
export type FieldKind = ColumnKind | 'object' | 'array';

export interface FieldDoc {
  name: string;
  kind: FieldKind;
  doc: string;
}

export interface FileDoc {
  file: string;
  /** What one line (or the whole file, for meta.json) stands for. */
  perLine: string;
  fields: FieldDoc[];
}

const PARAMS: FieldDoc = { ...PARAM_COLUMNS_DOC, kind: 'param' };
const text = (name: string, doc: string): FieldDoc => ({ name, kind: 'string', doc });
const num = (name: string, doc: string): FieldDoc => ({ name, kind: 'number', doc });
const bool = (name: string, doc: string): FieldDoc => ({ name, kind: 'boolean', doc });

const METRIC_WHAT: Record<SummaryMetric, string> = {
  latency_p50_us: 'p50 latency in µs (latency_p50_us)',
  latency_p99_us: 'p99 latency in µs (latency_p99_us)',
  latency_p999_us: 'p99.9 latency in µs (latency_p999_us)',
  rps: 'successful responses per second (rps)',
  cold_start_ms: 'median cold start in ms (cold_start_ms_median)',
  cpu_throttled_ms: 'CPU throttled time in ms (cpu_throttled_ms)',
  memory_peak_bytes: 'peak memory in bytes (memory_peak_bytes)',
};

const STAT_DOC: Record<SummaryStat, (what: string) => string> = {
  median: (what) => `median across the cell's completed repetitions of each run's ${what}, to the precision measured`,
  ci_low: () => 'low end of the 95% confidence interval of that median (order statistics, as benchstat); empty under 6 repetitions',
  ci_high: () => 'high end of the 95% confidence interval of that median; empty under 6 repetitions',
  cv: () => 'coefficient of variation across repetitions (sample stddev / mean), 3 decimals; empty under 2 repetitions',
};

const SUMMARY_FIELDS: FieldDoc[] = [
  text('cell_id', 'stable id of the cell: workload and a hash of its parameters'),
  text('cell_label', 'the cell\'s parameters, human-readable'),
  PARAMS,
  num('runs', 'runs of the cell in results.csv: completed, failed and skipped'),
  num('completed', 'runs that completed; the statistics below are over these'),
  num('failed', 'runs that failed'),
  num('oom_killed_runs', 'completed runs in which the kernel OOM-killed the container (results.csv oom_killed)'),
  num('driver_limited_runs', 'completed runs limited by the load generator or the shared host (results.csv driver_limited)'),
  num('memory_stalled_runs', 'completed runs that reached their memory limit unkilled and answered nothing (results.csv memory_stalled)'),
  num('unanswered_runs', 'completed runs in which no request succeeded (results.csv unanswered)'),
  num('contended_runs', 'completed runs during which other processes used 0.15 cores or more (results.csv contended); time and rate verdicts leave them out'),
  text('gomaxprocs', 'GOMAXPROCS the completed runs reported, distinct values joined by |'),
  ...(Object.keys(SUMMARY_METRICS) as SummaryMetric[]).flatMap((metric) =>
    SUMMARY_STATS.map((stat) => num(summaryColumn(metric, stat), STAT_DOC[stat](METRIC_WHAT[metric]))),
  ),
  bool('noisy', 'true when p99 or rps varies by more than 10% (cv) across repetitions'),
];

const META_FIELDS: FieldDoc[] = [
  text('sweepId', 'the sweep: the results folder\'s name, and sweep_id in the CSV files'),
  text('matrix.name', 'the matrix\'s name'),
  text('matrix.file', 'absolute path of the matrix file'),
  text('matrix.hash', 'sha256 of the matrix file\'s bytes: two sweeps of the same matrix have the same hash'),
  { name: 'matrix.claims', kind: 'array', doc: 'the claims the matrix tests: ids, or claims with a bound that `report` judges' },
  { name: 'matrix.gate', kind: 'array', doc: 'regression thresholds for `compare`, e.g. p99:+10%' },
  num('seed', 'seed of the shuffled run order; --seed gives the same order again'),
  { name: 'shard', kind: 'object', doc: 'the slice of the cells this machine ran ({index, count}, from --shard); null for all' },
  num('cells', 'cells planned'),
  num('runs', 'runs planned (cells × repetitions)'),
  text('startedAt', 'when the sweep started, ISO 8601'),
  text('finishedAt', 'when it finished, ISO 8601; null while running or when it stopped early'),
  text('stoppedEarly', 'why the sweep stopped early (interrupted, crashed); null otherwise'),
  text('host.cpuModel', 'the host\'s CPU model'),
  num('host.cpus', 'the host\'s logical CPUs'),
  num('host.memoryBytes', 'the host\'s memory'),
  text('host.kernel', 'the kernel release'),
  text('host.node', 'Node.js version'),
  text('host.go', 'Go version of the installed toolchain'),
  { name: 'host.targets.<target>', kind: 'object', doc: 'each target\'s facts, e.g. docker: engine version, cgroup version and driver, goarch, limits' },
  text('gitRevision', 'gosweep\'s git revision, with -dirty when the tree had changes; null outside a git checkout'),
  { name: 'argv', kind: 'array', doc: 'the command line gosweep ran with' },
  { name: 'mergedFrom', kind: 'array', doc: 'gosweep merge only: the shards joined ({sweepId, shard, host}); each row\'s sweep_id names its shard' },
];

// knee.csv and exec-start.csv are written by their commands (src/commands/knee.ts,
// src/commands/exec-start.ts), whose column names live there only.
const KNEE_FIELDS: FieldDoc[] = [
  text('cell_id', 'the cell searched (--cell)'),
  text('cell_label', 'the cell\'s parameters, human-readable'),
  num('target_rps', 'the open-loop arrival rate this step tried'),
  bool('passed', 'true when p99 stayed at or under --p99-ms, the sender kept the schedule and at most 1% of requests failed'),
  text('why', 'the step\'s verdict in words, e.g. "p99 12.3 ms > 10 ms"'),
  num('sent_rps', 'the rate the sender achieved'),
  num('rps', 'successful responses per second'),
  num('latency_p50_us', 'median latency, µs'),
  num('latency_p99_us', '99th percentile latency, µs'),
  num('latency_p999_us', '99.9th percentile latency, µs'),
  num('requests', 'requests sent in the step\'s window'),
  num('successes', 'requests answered with a status below 400'),
  num('driver_cpu_cores', 'CPU the load generator itself used, in cores'),
  bool('driver_limited', 'true when the load generator or the shared host, not the workload, was the limit'),
  text('flag_reasons', 'why the step is flagged, in words; empty when it is not'),
];

const EXEC_START_FIELDS: FieldDoc[] = [
  text('variant', 'the binary: workload, build options and environment'),
  num('binary_bytes', 'size of the binary'),
  num('samples', 'starts measured (--iterations), after 2 warm-up starts'),
  num('exec_to_listen_ms_p50', 'median ms from spawn to listening (the workload\'s own timestamp), without Docker'),
  num('exec_to_listen_ms_p99', '99th percentile of spawn to listening, ms'),
  num('exec_to_listen_ms_mean', 'mean of spawn to listening, ms'),
  num('exec_to_init_ms_median', 'median ms from spawn to the first package initialised (exec and the Go runtime\'s start)'),
  num('package_init_ms_median', 'median ms of package-level initialisation'),
];

/** Every file of a results folder, in the order `gosweep columns` prints them. */
const FILE_DOCS: FileDoc[] = [
  {
    file: 'results.csv',
    perLine: 'one line per run (cell × repetition)',
    fields: documentedColumns(),
  },
  { file: 'summary.csv', perLine: 'one line per cell, its runs folded across repetitions', fields: SUMMARY_FIELDS },
  {
    file: 'cold-starts.csv',
    perLine: 'one line per cold start',
    fields: COLD_START_DOCS.flatMap((c) => (c.name === 'cell_label' ? [c, PARAMS] : [c])),
  },
  {
    file: 'histograms.jsonl',
    perLine: 'one line (a JSON object) per completed run',
    fields: [
      text('run_id', 'the run (results.csv run_id)'),
      text('unit', 'unit of the recorded latencies: us (microseconds)'),
      text('hdr', 'HDR histogram of the successful requests\' latencies, compressed base64 (HdrHistogram\'s encodeIntoCompressedBase64), to recompute any percentile'),
    ],
  },
  { file: 'meta.json', perLine: 'one JSON object for the sweep: what is needed to judge whether two sweeps are comparable', fields: META_FIELDS },
  { file: 'knee.csv', perLine: 'one line per rate tried by `gosweep knee` (in results/<matrix>-knee-<cell>-<time>/)', fields: KNEE_FIELDS },
  { file: 'exec-start.csv', perLine: 'one line per binary timed by `gosweep exec-start` (in results/<matrix>-exec-start-<time>/)', fields: EXEC_START_FIELDS },
];

export const DOCUMENTED_FILES = FILE_DOCS.map((d) => d.file);

export function fileDoc(file: string): FileDoc {
  const doc = FILE_DOCS.find((d) => d.file === file);
  if (!doc) throw new Error(`no documented file ${file}; documented: ${DOCUMENTED_FILES.join(', ')}`);
  return doc;
}

/** A file's column names, with `param_<axis>` expanded to these param columns. */
export function columnNames(doc: FileDoc, paramColumns: string[]): string[] {
  return doc.fields.flatMap((f) => (f.name === PARAMS.name ? paramColumns : [f.name]));
}

/** A file's columns as `gosweep columns` prints them: a heading, then name, kind and meaning, one a line. */
export function formatFileDoc(doc: FileDoc): string {
  const width = Math.max(24, ...doc.fields.map((f) => f.name.length + 1));
  return `# ${doc.file}: ${doc.perLine}\n${doc.fields.map((f) => `${f.name.padEnd(width)} ${f.kind.padEnd(7)} ${f.doc}`).join('\n')}\n`;
}
