import { metricByName, type Metric } from './metrics.ts';

/** How far a metric may move the wrong way before the gate fails. */
export interface Threshold {
  metric: Metric;
  /** Relative (0.1 = 10%) or absolute, in the metric's unit. */
  limit: number;
  relative: boolean;
  text: string;
}

const UNIT_TO_METRIC: Record<string, Record<string, number>> = {
  us: { us: 1, ms: 1000, s: 1_000_000 },
  ms: { us: 0.001, ms: 1, s: 1000 },
  bytes: { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 },
  rps: { rps: 1 },
};

/**
 * Parses `p99:+10%` (may not rise over 10%), `rps:-5%` (may not fall over 5%)
 * or `cold_start:+5ms` (may not rise over 5 ms). The sign must be the metric's
 * bad direction. Returns the threshold, or a message saying what is wrong.
 */
export function parseThreshold(text: string): Threshold | string {
  const match = /^([a-z0-9_]+):([+-])(\d+(?:\.\d+)?)(%|[a-z]+)?$/i.exec(text.trim());
  if (!match) return `'${text}' is not metric:+N% or metric:+N<unit> (e.g. p99:+10%, rps:-5%, cold_start:+5ms)`;
  const [, name = '', sign, amount = '0', unit = ''] = match;
  const metric = metricByName(name);
  if (!metric) return `unknown metric '${name}' in '${text}'`;
  const worse = metric.better === 'lower' ? '+' : '-';
  if (sign !== worse) return `'${text}': ${metric.name} gets worse as it ${worse === '+' ? 'rises' : 'falls'}, so its limit takes '${worse}'`;
  if (unit === '%') return { metric, limit: Number(amount) / 100, relative: true, text };
  const factor = UNIT_TO_METRIC[metric.unit]?.[unit.toLowerCase() || metric.unit];
  if (factor === undefined) return `'${text}': ${metric.name} takes % or one of ${Object.keys(UNIT_TO_METRIC[metric.unit] ?? {}).join(', ')}`;
  return { metric, limit: Number(amount) * factor, relative: false, text };
}

/** True when moving from base to candidate breaks the threshold. */
export function breaches(t: Threshold, base: number, candidate: number): boolean {
  const worsening = t.metric.better === 'lower' ? candidate - base : base - candidate;
  if (worsening <= 0) return false;
  return t.relative ? worsening > t.limit * Math.abs(base) : worsening > t.limit;
}
