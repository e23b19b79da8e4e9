import { z } from 'zod';
import { AXIS_GROUPS, AXIS_VALUES, CLAIM_FIELDS, entrySchema, envName, envValue, runSchema, type MatrixInput } from './schema.ts';

const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The elements of `raw` the schema accepts, each at its own index; rejected
 * ones are left as holes, so forEach and some visit the valid ones where the
 * file has them, and a finding points at the right line.
 */
function validElements<T>(element: z.ZodType<T>, raw: unknown): T[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: T[] = [];
  raw.forEach((value, i) => {
    const parsed = element.safeParse(value);
    if (parsed.success) out[i] = parsed.data;
  });
  return out;
}

/** Each field the schema accepts, the others at their default (or absent). */
function validFields(fields: Record<string, z.ZodType>, raw: unknown): Record<string, unknown> {
  const given = record(raw);
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(fields)) {
    const parsed = schema.safeParse(given[key]);
    const fallback = parsed.success ? parsed : schema.safeParse(undefined);
    if (fallback.success && fallback.data !== undefined) out[key] = fallback.data;
  }
  return out;
}

/** Each axis the file names, with its valid values; one that is no list keeps its name, with none. */
const axesOf = (schemas: Record<string, z.ZodType>, raw: unknown) =>
  Object.fromEntries(Object.entries(schemas).filter(([key]) => key in record(raw)).map(([key, schema]) => [key, validElements(schema, record(raw)[key]) ?? []]));

/**
 * What is valid in a matrix that failed the schema, so the checks past it
 * run too and every problem shows in one pass. Workloads are resolved apart.
 */
export function salvage(raw: unknown): MatrixInput {
  const top = record(raw);
  const axes = record(top.axes);
  const env = Object.entries(record(axes.env)).filter(([name]) => envName.safeParse(name).success);
  const claims = Array.isArray(top.claims) ? top.claims : [];
  return {
    name: '',
    description: '',
    claims: claims.map((c) => (typeof c === 'string' ? c : validFields(CLAIM_FIELDS, c))),
    gate: validElements(z.string(), top.gate) ?? [],
    workloads: [],
    axes: {
      ...axesOf(AXIS_VALUES, axes),
      ...(axes.env === undefined ? {} : { env: Object.fromEntries(env.map(([name, values]) => [name, validElements(envValue, values) ?? []])) }),
      ...Object.fromEntries(Object.entries(AXIS_GROUPS).filter(([group]) => axes[group] !== undefined).map(([group, values]) => [group, axesOf(values, axes[group])])),
    },
    include: validElements(entrySchema, top.include) ?? [],
    exclude: validElements(entrySchema, top.exclude) ?? [],
    run: validFields(runSchema.shape, top.run),
  } as unknown as MatrixInput; // holes and defaults, as the checks read them
}
