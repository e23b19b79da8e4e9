import type { z } from 'zod';
import type { ParamValue } from '../types.ts';
import type { Finding, HostLimits } from './finding.ts';
import { fixFor } from './fixes.ts';
import { AXIS_GROUPS, AXIS_VALUES, envValue, type MatrixInput } from './schema.ts';
import { didYouMean } from './suggest.ts';

type Problem = { message: string; fix: string };

/** What is wrong with `value` as a value of `axis` in an include, exclude or where entry, or null. */
export function valueProblem(axis: string, value: ParamValue, workloadNames: string[], targets?: readonly string[]): Problem | null {
  if (axis === 'workload') {
    if (workloadNames.includes(String(value))) return null;
    return { message: `'${String(value)}' is not a workload of this matrix`, fix: `${didYouMean(String(value), workloadNames)}use one of ${workloadNames.join(', ')}` };
  }
  if (axis === 'target' && targets && !targets.includes(String(value))) {
    return { message: `unknown target '${String(value)}'`, fix: `${didYouMean(String(value), targets)}use one of ${targets.join(', ')}` };
  }
  const [group, name = ''] = axis.split('.', 2) as [string, string?];
  const inGroup = group in AXIS_GROUPS ? (AXIS_GROUPS[group as keyof typeof AXIS_GROUPS] as Record<string, z.ZodType>)[name] : undefined;
  const schema = group === 'env' ? envValue : inGroup ?? AXIS_VALUES[group as keyof typeof AXIS_VALUES];
  const parsed = schema?.safeParse(value);
  if (!parsed || parsed.success) return null;
  return { message: `${String(value)} is not a value of ${axis}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, fix: fixFor(['axes', group], 'invalid_value') };
}

/** Each key of an entry names an axis, and each value could be one of it. */
export function entryFindings(entry: Record<string, ParamValue>, at: PropertyKey[], axisNames: string[], workloadNames: string[], targets?: readonly string[]): Finding[] {
  return Object.entries(entry).flatMap(([key, value]): Finding[] => {
    if (!axisNames.includes(key)) {
      return [{ path: at, key, message: `'${key}' is not an axis of this matrix`, fix: `${didYouMean(key, axisNames)}use one of ${axisNames.join(', ')}` }];
    }
    const problem = valueProblem(key, value, workloadNames, targets);
    return problem ? [{ path: [...at, key], ...problem }] : [];
  });
}

/** include and exclude entries name axes of the matrix, with values they could take. */
export function checkEntries(input: MatrixInput, axisNames: string[], workloadNames: string[], host: HostLimits): Finding[] {
  return (['include', 'exclude'] as const).flatMap((list) => input[list].flatMap((entry, i) => entryFindings(entry, [list, i], axisNames, workloadNames, host.targets)));
}
