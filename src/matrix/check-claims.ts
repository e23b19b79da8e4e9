import { METRICS } from '../compare/metrics.ts';
import { claimMetric, claimMetrics, formatQuantity, type ClaimUnit } from '../report/claims.ts';
import type { Claim, ParamValue } from '../types.ts';
import { entryFindings } from './check-entries.ts';
import type { Finding } from './finding.ts';
import type { ClaimInput, MatrixInput } from './schema.ts';
import { didYouMean } from './suggest.ts';
import { inBaseUnit, QUANTITY_UNITS, splitQuantity, type QuantityKind } from './units.ts';

type BoundKey = 'atLeast' | 'atMost';

const KIND_OF: Record<ClaimUnit, QuantityKind | null> = { us: 'time', ms: 'time', bytes: 'size', rps: 'rate', none: null };
const EXAMPLE_UNIT: Record<QuantityKind, string> = { time: 'ms', size: 'MiB', rate: 'rps' };
const unitList = (kind: QuantityKind) => Object.keys(QUANTITY_UNITS[kind]).join(', ');
/** How a person reads each unit: latency in ms, as every table shows it. */
const READ_IN: Record<ClaimUnit, string> = { us: 'ms', ms: 'ms', bytes: 'bytes', rps: 'rps', none: '' };

/** A bound in the column's unit, or what is wrong with it. `unit` is the column's, none for a ratio. */
export function boundValue(claim: Pick<ClaimInput, 'metric' | 'ratio'>, key: BoundKey, raw: string | number, unit: ClaimUnit): { value: number } | { message: string; fix: string } {
  const split = splitQuantity(raw);
  if (!split) return { message: `${String(raw)} is not a number, with or without a unit`, fix: `write it as ${key}: 2ms, ${key}: 500rps, ${key}: 64MiB, or ${key}: 2` };
  const kind = KIND_OF[unit];
  if (split.unit === null) {
    if (kind === null) return { value: split.number };
    return { message: `${split.number} has no unit, but ${claim.metric} is in ${READ_IN[unit]}`, fix: `write the unit: ${key}: ${withUnit(split.number, kind)} (units: ${unitList(kind)})` };
  }
  if (kind === null) {
    const what = claim.ratio ? `a ratio has no unit: ${key} bounds median(of) / median(to)` : `${claim.metric} has no unit`;
    return { message: `${String(raw)}: ${what}`, fix: `write a plain number: ${key}: ${split.number}` };
  }
  const base = inBaseUnit(split.number, split.unit);
  if (!base || base.kind !== kind) {
    return { message: `'${split.unit}' is not a ${kind} unit, and ${claim.metric} is a ${kind}`, fix: `write it in ${unitList(kind)}: e.g. ${key}: ${split.number}${EXAMPLE_UNIT[kind]}` };
  }
  return { value: unit === 'us' ? base.value * 1000 : base.value };
}

/** A bare number with the unit it most likely meant: ms for times (as tables show them), a binary unit for a byte count. */
function withUnit(n: number, kind: QuantityKind): string {
  if (kind !== 'size') return `${n}${EXAMPLE_UNIT[kind]}`;
  const [name, size] = ([['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const).find(([, s]) => n >= s && n % s === 0) ?? ['B', 1];
  return `${n / size}${name}`;
}

function unitOf(claim: Pick<ClaimInput, 'metric' | 'ratio'>): ClaimUnit | null {
  if (claim.ratio) return 'none';
  return claimMetric(claim.metric)?.unit ?? null;
}

/** A claim as the report judges it: bounds in the column's unit. Call after checkClaims found nothing. */
export function resolveClaim(claim: ClaimInput): Claim {
  const unit = unitOf(claim) ?? 'none';
  const resolved: Claim = { id: claim.id, says: claim.says, metric: claim.metric, where: claim.where, ...(claim.ratio ? { ratio: claim.ratio } : {}) };
  for (const key of ['atLeast', 'atMost'] as const) {
    const raw = claim[key];
    if (raw === undefined) continue;
    const bound = boundValue(claim, key, raw, unit);
    if ('value' in bound) resolved[key] = bound.value;
  }
  return resolved;
}

function metricFix(metric: string): string {
  const names = claimMetrics().map((m) => m.name);
  const named = METRICS.map((m) => m.name);
  const columns = names.filter((name) => !named.includes(name));
  return `${didYouMean(metric, names)}use one of ${named.join(', ')}, or a numeric results.csv column: ${columns.join(', ')}`;
}

/** Each claim's metric exists, its bounds carry the metric's unit, and it names axes and workloads of this matrix. */
export function checkClaims(claims: MatrixInput['claims'], axisNames: string[], workloadNames: string[]): Finding[] {
  const findings: Finding[] = [];
  claims.forEach((claim, i) => {
    if (typeof claim === 'string') return;
    const at = (...rest: PropertyKey[]) => ['claims', i, ...rest];
    const unit = claim.metric === undefined ? null : unitOf(claim);
    if (claim.metric !== undefined && !claimMetric(claim.metric)) {
      findings.push({ path: at('metric'), message: `unknown metric '${claim.metric}'`, fix: metricFix(claim.metric) });
    }
    const values: Partial<Record<BoundKey, number>> = {};
    for (const key of ['atLeast', 'atMost'] as const) {
      const raw = claim[key];
      if (raw === undefined || unit === null) continue;
      const bound = boundValue(claim, key, raw, unit);
      if ('value' in bound) values[key] = bound.value;
      else findings.push({ path: at(key), ...bound });
    }
    if (unit !== null && values.atLeast !== undefined && values.atMost !== undefined && values.atLeast > values.atMost) {
      const [low, high] = [formatQuantity(values.atLeast, unit), formatQuantity(values.atMost, unit)];
      findings.push({ path: at('atLeast'), message: `atLeast ${low} is above atMost ${high}: no value meets both`, fix: 'swap them, or correct the one that is wrong' });
    }
    const entries: Array<[PropertyKey[], Record<string, ParamValue> | undefined]> = [
      [at('where'), claim.where],
      [at('ratio', 'of'), claim.ratio?.of],
      [at('ratio', 'to'), claim.ratio?.to],
    ];
    for (const [path, entry] of entries) if (entry) findings.push(...entryFindings(entry, path, axisNames, workloadNames));
  });
  return findings;
}
