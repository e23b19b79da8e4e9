import { median, quantile } from 'simple-statistics';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { METRICS } from '../compare/metrics.ts';
import { numbersOf } from '../summarize/rows.ts';
import { paramColumn, type Claim, type ClaimResult, type ClaimUnit, type ParamValue, type ResultRow, type Verdict } from '../types.ts';
import { fileDoc } from '../write/file-docs.ts';
import { RESULTS_FILE } from '../write/results-writer.ts';

export type { ClaimResult, ClaimUnit, Verdict } from '../types.ts';

export interface ClaimMetric {
  /** What a claim writes: a compare metric (p99) or a results.csv column (oom_kills). */
  name: string;
  column: string;
  unit: ClaimUnit;
}

/** A column's unit from its name: latency_p99_us, gc_pause_ms, cold_start_ms_median, heap_inuse_bytes, sent_rps. */
function unitOfColumn(column: string): ClaimUnit {
  const metric = METRICS.find((m) => m.column === column);
  if (metric) return metric.unit;
  const suffix = /_(us|ms|bytes|rps)(_|$)/.exec(column)?.[1];
  return (suffix as ClaimUnit | undefined) ?? 'none';
}

let metrics: ClaimMetric[] | undefined;

/** Every metric a claim may name: compare's short names, then the numeric results.csv columns. */
export function claimMetrics(): ClaimMetric[] {
  metrics ??= [
    ...METRICS.map((m) => ({ name: m.name, column: m.column, unit: m.unit })),
    // The numeric results.csv columns, as `gosweep columns results.csv` documents their kinds.
    ...fileDoc(RESULTS_FILE)
      .fields.filter((f) => f.kind === 'number' && !METRICS.some((m) => m.name === f.name))
      .map((f) => ({ name: f.name, column: f.name, unit: unitOfColumn(f.name) })),
  ];
  return metrics;
}

export function claimMetric(name: string): ClaimMetric | undefined {
  return claimMetrics().find((m) => m.name === name);
}

/** The unit a claim's bounds and measured values are in; a ratio has none. */
export function claimUnit(claim: Claim): ClaimUnit {
  return claim.ratio ? 'none' : (claimMetric(claim.metric)?.unit ?? 'none');
}

const BINARY_UNITS: Array<[string, number]> = [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024], ['B', 1]];
const number = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Number(v.toPrecision(3))));

/** A value in the unit a person reads: latency in ms as every table shows it, sizes in binary units, rates in rps. */
export function formatQuantity(value: number | null, unit: ClaimUnit): string {
  if (value === null) return '-';
  switch (unit) {
    case 'us':
      return `${number(value / 1000)} ms`;
    case 'ms':
      return `${number(value)} ms`;
    case 'rps':
      return `${number(value)} rps`;
    case 'bytes': {
      const [name, size] = BINARY_UNITS.find(([, s]) => Math.abs(value) >= s) ?? ['B', 1];
      return `${number(value / size)} ${name}`;
    }
    case 'none':
      return number(value);
  }
}


const BOOTSTRAP_RESAMPLES = 2000;
/** Fewer runs than this a side give no verdict on a ratio. */
const MIN_RUNS = 3;

const norm = (v: unknown) => (v === null || v === undefined || v === '' || v === 'unset' ? '' : String(v).toLowerCase());

function matches(row: ResultRow, where: Record<string, ParamValue>): boolean {
  return Object.entries(where).every(([axis, value]) => norm(row[paramColumn(axis)]) === norm(value));
}

/**
 * Runs that measured the load generator or a busy host rather than the workload. A verdict on a time or a
 * rate leaves them out; a busy host does not change counts and facts (OOM kills, GOMAXPROCS, sizes). A
 * memory stall is the workload's own outcome, and always counts.
 */
const DISTURBED = ['driver_limited', 'contended'] as const;
const SPEED_UNITS = new Set<ClaimUnit>(['us', 'ms', 'rps']);
/** Cold-start figures (cold_start_ms_median, <phase>_ms_median, first_request_ms_median) are measured before the load window, so a window the load generator limited does not disturb them; a busy host does. */
const BEFORE_WINDOW = /_ms_median$/;
const disturbed = (r: ResultRow, column: string) =>
  (BEFORE_WINDOW.test(column) ? (['contended'] as const) : DISTURBED).some((flag) => r[flag] === true);

function valuesOf(rows: ResultRow[], column: string, where: Record<string, ParamValue>): number[] {
  const speed = SPEED_UNITS.has(claimMetrics().find((m) => m.column === column)?.unit ?? 'none');
  return numbersOf(rows.filter((r) => r.status === 'completed' && !(speed && disturbed(r, column)) && matches(r, where)), column);
}

/** Resamples whose denominator is zero are dropped; past this share the interval is not given. */
const MAX_DROPPED_SHARE = 0.05;

/** A percentile bootstrap interval of median(a) / median(b), seeded so a report is reproducible; null when too many resamples divide by zero. */
export function bootstrapRatio(a: number[], b: number[], seed = 1): [number, number] | null {
  const rng = xoroshiro128plus(seed);
  const resample = (xs: number[]) => xs.map(() => xs[unsafeUniformIntDistribution(0, xs.length - 1, rng)] as number);
  const ratios: number[] = [];
  for (let i = 0; i < BOOTSTRAP_RESAMPLES; i++) {
    const den = median(resample(b));
    if (den !== 0) ratios.push(median(resample(a)) / den);
  }
  if (ratios.length < (1 - MAX_DROPPED_SHARE) * BOOTSTRAP_RESAMPLES) return null;
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)];
}

function judge(claim: Claim, low: number, high: number): Verdict {
  const above = claim.atLeast === undefined || low >= claim.atLeast;
  const below = claim.atMost === undefined || high <= claim.atMost;
  if (above && below) return 'reproduced';
  const surelyShort = claim.atLeast !== undefined && high < claim.atLeast;
  const surelyOver = claim.atMost !== undefined && low > claim.atMost;
  return surelyShort || surelyOver ? 'not reproduced' : 'inconclusive';
}

/**
 * Judges a claim against a sweep's runs: reproduced when the whole 95%
 * interval of the measured value meets the bound, not reproduced when it
 * misses it entirely, inconclusive otherwise.
 */
export function judgeClaim(claim: Claim, rows: ResultRow[]): ClaimResult {
  const column = claimMetric(claim.metric)?.column ?? claim.metric;
  const unit = claimUnit(claim);
  const empty = { claim, unit, measured: null, low: null, high: null, interval: '', verdict: 'inconclusive' as const };
  if (claim.ratio) {
    const a = valuesOf(rows, column, { ...claim.where, ...claim.ratio.of });
    const b = valuesOf(rows, column, { ...claim.where, ...claim.ratio.to });
    const n = `${a.length} vs ${b.length} runs`;
    if (a.length === 0 || b.length === 0) return { ...empty, n, interval: `no runs match ${a.length === 0 ? 'of' : 'to'}` };
    const point = median(b) === 0 ? null : median(a) / median(b);
    if (a.length < MIN_RUNS || b.length < MIN_RUNS) return { ...empty, measured: point, n, interval: `no interval: too few runs (need ${MIN_RUNS} a side)` };
    if (point === null) return { ...empty, n, interval: 'the denominator\'s median is zero' };
    const interval = bootstrapRatio(a, b);
    if (!interval) return { ...empty, measured: point, n, interval: 'the denominator is often zero' };
    const [low, high] = interval;
    return { claim, unit, measured: point, low, high, interval: '95% bootstrap', verdict: judge(claim, low, high), n };
  }
  const values = valuesOf(rows, column, claim.where).sort((x, y) => x - y);
  const n = `${values.length} runs`;
  if (values.length === 0) return { ...empty, n, interval: 'no runs match' };
  // A value claim holds when every run meets it: the range of the runs is the interval.
  const low = values[0] as number;
  const high = values.at(-1) as number;
  return { claim, unit, measured: median(values), low, high, interval: 'range of the runs', verdict: judge(claim, low, high), n };
}
