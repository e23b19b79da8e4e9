import { z } from 'zod';
import { CLOUDRUN_CPU_MODES, CLOUDRUN_SCALINGS, CLOUDRUN_THROTTLES, IMAGE_BASES, LAMBDA_ARCHS, LAMBDA_MEMORY_MB, LAMBDA_PACKAGES } from '../types.ts';
import { cloudrunPricesSchema } from '../summarize/cloudrun-prices.ts';
import { lambdaPricesSchema } from '../summarize/lambda-prices.ts';
import { MEMORY_PATTERN } from './units.ts';

const slug = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a lowercase slug (a-z, 0-9, - _ .)');
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const memory = z.union([z.string().regex(MEMORY_PATTERN, 'must be a size like 256m or 1g'), z.number().int().positive()]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const list = <T extends z.ZodType>(element: T) => z.array(element).nonempty().optional();

const urlPath = z.string().startsWith('/');
const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const headers = z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name'), z.string());

/** One request of a weighted mix (`requests:`), as a vegeta targets file lists them. */
export const requestSchema = z.strictObject({
  path: urlPath,
  method: method.default('GET'),
  headers: headers.default({}),
  body: z.string().optional(),
  weight: z.number().int().positive().default(1),
});

/** One field of a workload object each, so a bad field leaves the others checkable. */
export const WORKLOAD_FIELDS = {
  name: slug.optional(),
  path: z.string().min(1).optional(),
  image: z.string().regex(/^[a-z0-9][\w./:@-]*$/, 'must be an image reference such as myservice:dev').optional(),
  dockerfile: z.string().min(1).optional(),
  env: z.record(envName, z.union([z.string(), z.number()])).default({}),
  portEnv: envName.default('PORT'),
  args: z.array(z.string()).default([]),
  port: z.number().int().min(1).max(65535).optional(),
  healthPath: urlPath.nullable().default('/health'),
  infoPath: urlPath.nullable().default('/info'),
  requestPath: urlPath.default('/'),
  method: method.default('GET'),
  headers: headers.default({}),
  body: z.string().optional(),
  requests: z.array(requestSchema).nonempty().optional(),
};

/** The fields that say where a workload comes from; at most one. */
export const SOURCE_FIELDS = ['path', 'image', 'dockerfile'] as const;

export const workloadSchema = z.union([
  slug,
  z
    .strictObject(WORKLOAD_FIELDS)
    .refine((w) => SOURCE_FIELDS.filter((f) => w[f] !== undefined).length <= 1, 'give one of path, image or dockerfile')
    .refine((w) => w.name !== undefined || SOURCE_FIELDS.some((f) => w[f] !== undefined), 'needs a name (a bundled workload), or a path, image or dockerfile'),
]);

/** One value of each axis but env, as the schema reads it. */
export const AXIS_VALUES = {
  target: slug,
  cpus: z.number().positive(),
  memory,
  concurrency: z.number().int().positive().max(10_000),
  rps: z.number().positive().max(1_000_000),
  idleGap: z.number().positive().max(3600),
};

export const BUILD_VALUES = {
  tags: z.string().regex(/^(none|[a-z0-9_]+(,[a-z0-9_]+)*)$/, 'must be none or comma-separated Go build tags'),
  strip: z.boolean(),
  trimpath: z.boolean(),
  go: z.string().regex(/^(local|go1\.\d+\.\d+)$/, 'must be local or a Go release such as go1.24.13'),
  base: z.enum(IMAGE_BASES),
  upx: z.boolean(),
  pad: z.union([z.literal(0), z.string().regex(MEMORY_PATTERN, 'must be a size like 8m or 0')]),
};

/** The `lambda.*` axes: a Lambda function's settings (lambda and lambda-local targets). */
export const LAMBDA_VALUES = {
  memory: z.number().int().min(LAMBDA_MEMORY_MB.min, `Lambda's smallest tier is ${LAMBDA_MEMORY_MB.min} MB`).max(LAMBDA_MEMORY_MB.max, `Lambda's largest tier is ${LAMBDA_MEMORY_MB.max} MB`),
  arch: z.enum(LAMBDA_ARCHS),
  package: z.enum(LAMBDA_PACKAGES),
  provisioned: z.number().int().min(0).max(1000),
};

/** The `cloudrun.*` axes: a Cloud Run service's settings (cloudrun-local target). */
export const CLOUDRUN_VALUES = {
  concurrency: z.number().int().min(1).max(1000, 'Cloud Run takes at most 1000 requests per instance'),
  cpu: z.enum(CLOUDRUN_CPU_MODES),
  minInstances: z.number().int().min(0).max(1000),
  maxInstances: z.number().int().min(1).max(1000),
  cpuBoost: z.boolean(),
  throttle: z.enum(CLOUDRUN_THROTTLES),
  scaling: z.enum(CLOUDRUN_SCALINGS),
  idleWindow: z.number().positive().max(900, 'Cloud Run keeps an idle instance at most 15 minutes'),
};

/** Axis groups written as `group.name` (build.strip, lambda.memory, cloudrun.concurrency): each name's values. */
export const AXIS_GROUPS = { build: BUILD_VALUES, lambda: LAMBDA_VALUES, cloudrun: CLOUDRUN_VALUES } as const;

const groupSchema = <T extends Record<string, z.ZodType>>(values: T) =>
  z.strictObject(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, list(v)])) as { [K in keyof T]: ReturnType<typeof list<T[K]>> }).optional();

export const envValue = z.union([z.string(), z.number(), z.null()]);

export const axesSchema = z.strictObject({
  target: list(AXIS_VALUES.target),
  cpus: list(AXIS_VALUES.cpus),
  memory: list(AXIS_VALUES.memory),
  concurrency: list(AXIS_VALUES.concurrency),
  rps: list(AXIS_VALUES.rps),
  idleGap: list(AXIS_VALUES.idleGap),
  env: z.record(envName, z.array(envValue).nonempty()).optional(),
  build: groupSchema(BUILD_VALUES),
  lambda: groupSchema(LAMBDA_VALUES),
  cloudrun: groupSchema(CLOUDRUN_VALUES),
});

export const runSchema = z.strictObject({
  repetitions: z.number().int().min(1).max(1000).default(3),
  coldStarts: z.number().int().min(0).max(1000).default(3),
  warmupSeconds: z.number().min(0).max(3600).default(2),
  durationSeconds: z.number().positive().max(86_400).default(10),
  requestTimeoutMs: z.number().int().positive().max(600_000).default(2000),
  readyTimeoutSeconds: z.number().positive().max(600).default(15),
  seed: z.number().int().min(0).max(2 ** 31 - 1).nullable().default(null),
  isolateDriver: z.boolean().default(true),
  pull: z.boolean().default(false),
  lambdaPrices: lambdaPricesSchema.nullable().default(null),
  cloudrunPrices: cloudrunPricesSchema.nullable().default(null),
  idleProbes: z.number().int().min(1).max(1000).default(5),
});

export const entrySchema = z.record(z.string(), scalar);

/** One field of a claim each; a bound is a number, or a number and its unit (2ms, 500rps, 64MiB), checked against the metric later. */
export const CLAIM_FIELDS = {
  id: z.string(),
  says: z.string(),
  metric: z.string(),
  where: entrySchema.default({}),
  ratio: z.strictObject({ of: entrySchema, to: entrySchema }).optional(),
  atLeast: z.union([z.number(), z.string()]).optional(),
  atMost: z.union([z.number(), z.string()]).optional(),
};

export const claimSchema = z.strictObject(CLAIM_FIELDS).refine((c) => c.atLeast !== undefined || c.atMost !== undefined, 'needs atLeast or atMost');

export const matrixSchema = z.strictObject({
  name: slug,
  description: z.string().default(''),
  claims: z.array(z.union([z.string(), claimSchema])).default([]),
  gate: z.array(z.string()).default([]),
  workloads: z.array(workloadSchema).nonempty(),
  axes: axesSchema.prefault({}),
  include: z.array(entrySchema).default([]),
  exclude: z.array(entrySchema).default([]),
  run: runSchema.prefault({}),
});

export type MatrixInput = z.infer<typeof matrixSchema>;
export type ClaimInput = z.infer<typeof claimSchema>;

/** Keys each object accepts, by where it is (`claims[]` is any claim), for "allowed here" and "did you mean". */
export const ALLOWED_KEYS: Record<string, string[]> = {
  '': Object.keys(matrixSchema.shape),
  axes: Object.keys(axesSchema.shape),
  'axes.build': Object.keys(BUILD_VALUES),
  'axes.lambda': Object.keys(LAMBDA_VALUES),
  'axes.cloudrun': Object.keys(CLOUDRUN_VALUES),
  run: Object.keys(runSchema.shape),
  'workloads[]': Object.keys(WORKLOAD_FIELDS),
  'claims[]': Object.keys(CLAIM_FIELDS),
  'claims[].ratio': ['of', 'to'],
};
