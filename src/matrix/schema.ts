import { z } from 'zod';
import { IMAGE_BASES } from '../types.ts';
import { MEMORY_PATTERN } from './units.ts';

const slug = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a lowercase slug (a-z, 0-9, - _ .)');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const memory = z.union([z.string().regex(MEMORY_PATTERN, 'must be a size like 256m or 1g'), z.number().int().positive()]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const workloadSchema = z.union([
  slug,
  z
    .strictObject({
      name: slug.optional(),
      path: z.string().min(1).optional(),
      env: z.record(envName, z.union([z.string(), z.number()])).default({}),
      healthPath: z.string().startsWith('/').default('/health'),
      infoPath: z.string().startsWith('/').nullable().default('/info'),
      requestPath: z.string().startsWith('/').default('/'),
    })
    .refine((w) => w.name !== undefined || w.path !== undefined, 'needs a name or a path'),
]);

export const axesSchema = z.strictObject({
  target: z.array(slug).nonempty().optional(),
  cpus: z.array(z.number().positive()).nonempty().optional(),
  memory: z.array(memory).nonempty().optional(),
  concurrency: z.array(z.number().int().positive().max(10_000)).nonempty().optional(),
  rps: z.array(z.number().positive().max(1_000_000)).nonempty().optional(),
  env: z.record(envName, z.array(z.union([z.string(), z.number(), z.null()])).nonempty()).optional(),
  build: z
    .strictObject({
      tags: z.array(z.string().regex(/^(none|[a-z0-9_]+(,[a-z0-9_]+)*)$/, 'must be none or comma-separated Go build tags')).nonempty().optional(),
      strip: z.array(z.boolean()).nonempty().optional(),
      trimpath: z.array(z.boolean()).nonempty().optional(),
      go: z.array(z.string().regex(/^(local|go1\.\d+\.\d+)$/, 'must be local or a Go release such as go1.24.13')).nonempty().optional(),
      base: z.array(z.enum(IMAGE_BASES)).nonempty().optional(),
      upx: z.array(z.boolean()).nonempty().optional(),
      pad: z.array(z.union([z.literal(0), z.string().regex(MEMORY_PATTERN, 'must be a size like 8m or 0')])).nonempty().optional(),
    })
    .optional(),
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
});

export const matrixSchema = z.strictObject({
  name: slug,
  description: z.string().default(''),
  claims: z
    .array(
      z.union([
        z.string(),
        z
          .strictObject({
            id: z.string(),
            says: z.string(),
            metric: z.string(),
            where: z.record(z.string(), scalar).default({}),
            ratio: z.strictObject({ of: z.record(z.string(), scalar), to: z.record(z.string(), scalar) }).optional(),
            atLeast: z.number().optional(),
            atMost: z.number().optional(),
          })
          .refine((c) => c.atLeast !== undefined || c.atMost !== undefined, 'needs atLeast or atMost'),
      ]),
    )
    .default([]),
  gate: z.array(z.string()).default([]),
  workloads: z.array(workloadSchema).nonempty(),
  axes: axesSchema.prefault({}),
  include: z.array(z.record(z.string(), scalar)).default([]),
  exclude: z.array(z.record(z.string(), scalar)).default([]),
  run: runSchema.prefault({}),
});

export type MatrixInput = z.infer<typeof matrixSchema>;

/** Keys each object accepts, for "did you mean" fixes. */
export const ALLOWED_KEYS: Record<string, string[]> = {
  '': Object.keys(matrixSchema.shape),
  axes: Object.keys(axesSchema.shape),
  run: Object.keys(runSchema.shape),
  workloads: ['name', 'path', 'env', 'healthPath', 'infoPath', 'requestPath'],
};
