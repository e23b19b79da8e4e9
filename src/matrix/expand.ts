import { createHash } from 'node:crypto';
import { CLOUDRUN_CPU_MODES, CLOUDRUN_SCALINGS, CLOUDRUN_THROTTLES, DEFAULT_CLOUDRUN, type CloudRunOptions, DEFAULT_BUILD, DEFAULT_LAMBDA, DEFAULT_TARGET, IMAGE_BASES, LAMBDA_ARCHS, LAMBDA_PACKAGES, type LambdaOptions, type Axis, type BuildVariant, type Cell, type Matrix, type ParamValue } from '../types.ts';
import { parseMemory, parsePercent } from './units.ts';

/** Every cell of the matrix: the cross product of its axes, less exclude, plus include. */
export function expandCells(matrix: Matrix): Cell[] {
  const combos = crossProduct(matrix.axes).filter((params) => !matrix.exclude.some((e) => matches(params, e)));
  for (const entry of matrix.include) {
    combos.push(Object.fromEntries(matrix.axes.map((a) => [a.name, a.name in entry ? normalize(a.name, entry[a.name] ?? null) : (a.values[0] ?? null)])));
  }
  const cells = new Map<string, Cell>();
  for (const params of combos) {
    const cell = toCell(matrix, params);
    cells.set(cell.id, cell);
  }
  return [...cells.values()];
}

/** Every combination of the axes' values. */
export function crossProduct(axes: Axis[]): Array<Record<string, ParamValue>> {
  return axes.reduce<Array<Record<string, ParamValue>>>(
    (acc, axis) => acc.flatMap((partial) => axis.values.map((value) => ({ ...partial, [axis.name]: value }))),
    [{}],
  );
}

function normalize(axis: string, value: ParamValue): ParamValue {
  if (axis.startsWith('env.')) return value === null || value === 'unset' ? null : String(value);
  if (axis === 'memory' && value !== null) return String(value).toLowerCase();
  return value;
}

/** Whether a cell's parameters have every value an include or exclude entry names. */
export function matches(params: Record<string, ParamValue>, entry: Record<string, ParamValue>): boolean {
  return Object.entries(entry).every(([axis, value]) => String(params[axis]) === String(normalize(axis, value)));
}

/** A stable id: the workload name and a hash of the parameters, whatever their order in the file. */
export function cellId(params: Record<string, ParamValue>): string {
  const canonical = JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  return `${params.workload}-${createHash('sha256').update(canonical).digest('hex').slice(0, 8)}`;
}

function toCell(matrix: Matrix, params: Record<string, ParamValue>): Cell {
  const workload = matrix.workloads.find((w) => w.name === params.workload);
  if (!workload) throw new Error(`unknown workload ${String(params.workload)}`);
  const memoryBytes = params.memory == null ? null : parseMemory(String(params.memory));
  const env: Record<string, string> = { ...workload.env };
  for (const [axis, value] of Object.entries(params)) {
    if (!axis.startsWith('env.')) continue;
    const name = axis.slice(4);
    if (value === null) delete env[name];
    else env[name] = resolveEnv(name, String(value), memoryBytes);
  }
  const label = Object.entries(params)
    .filter(([axis]) => axis !== 'workload')
    .map(([axis, value]) => `${axis.replace(/^env\./, '')}=${value ?? 'unset'}`)
    .join(' ');
  return {
    id: cellId(params),
    label: `${workload.name} ${label}`.trim(),
    workload,
    params,
    cpus: params.cpus == null ? null : Number(params.cpus),
    memoryBytes,
    concurrency: Number(params.concurrency ?? 8),
    rps: params.rps == null ? null : Number(params.rps),
    idleGapSeconds: params.idleGap == null ? null : Number(params.idleGap),
    build: buildVariant(params),
    env,
    target: params.target == null ? DEFAULT_TARGET : String(params.target),
    lambda: lambdaOptions(params),
    cloudrun: cloudrunOptions(params),
  };
}

/** The cloudrun.* axes of a cell; absent ones take Cloud Run's defaults. */
function cloudrunOptions(params: Record<string, ParamValue>): CloudRunOptions {
  const number = (axis: string, fallback: number) => (params[axis] == null ? fallback : Number(params[axis]));
  return {
    concurrency: number('cloudrun.concurrency', DEFAULT_CLOUDRUN.concurrency),
    cpu: CLOUDRUN_CPU_MODES.find((m) => m === params['cloudrun.cpu']) ?? DEFAULT_CLOUDRUN.cpu,
    minInstances: number('cloudrun.minInstances', DEFAULT_CLOUDRUN.minInstances),
    maxInstances: number('cloudrun.maxInstances', DEFAULT_CLOUDRUN.maxInstances),
    cpuBoost: params['cloudrun.cpuBoost'] == null ? DEFAULT_CLOUDRUN.cpuBoost : params['cloudrun.cpuBoost'] === true,
    throttle: CLOUDRUN_THROTTLES.find((t) => t === params['cloudrun.throttle']) ?? DEFAULT_CLOUDRUN.throttle,
    scaling: CLOUDRUN_SCALINGS.find((t) => t === params['cloudrun.scaling']) ?? DEFAULT_CLOUDRUN.scaling,
    idleWindowSeconds: number('cloudrun.idleWindow', DEFAULT_CLOUDRUN.idleWindowSeconds),
  };
}

/** The lambda.* axes of a cell; absent ones take Lambda's defaults. */
function lambdaOptions(params: Record<string, ParamValue>): LambdaOptions {
  return {
    memoryMb: params['lambda.memory'] == null ? DEFAULT_LAMBDA.memoryMb : Number(params['lambda.memory']),
    arch: LAMBDA_ARCHS.find((a) => a === params['lambda.arch']) ?? DEFAULT_LAMBDA.arch,
    package: LAMBDA_PACKAGES.find((p) => p === params['lambda.package']) ?? DEFAULT_LAMBDA.package,
    provisioned: params['lambda.provisioned'] == null ? DEFAULT_LAMBDA.provisioned : Number(params['lambda.provisioned']),
  };
}

/** The build.* axes of a cell; absent ones take the defaults. */
function buildVariant(params: Record<string, ParamValue>): BuildVariant {
  const tags = params['build.tags'];
  const go = params['build.go'];
  return {
    tags: tags == null || tags === 'none' ? [] : String(tags).split(','),
    strip: params['build.strip'] == null ? DEFAULT_BUILD.strip : params['build.strip'] === true,
    trimpath: params['build.trimpath'] == null ? DEFAULT_BUILD.trimpath : params['build.trimpath'] === true,
    go: go == null || go === 'local' ? null : String(go),
    base: IMAGE_BASES.find((b) => b === params['build.base']) ?? DEFAULT_BUILD.base,
    upx: params['build.upx'] === true,
    padBytes: params['build.pad'] == null ? 0 : parseMemory(String(params['build.pad'])),
  };
}

/** GOMEMLIMIT=80% becomes 80% of the cell's memory limit, in bytes. */
function resolveEnv(name: string, value: string, memoryBytes: number | null): string {
  const percent = name === 'GOMEMLIMIT' ? parsePercent(value) : null;
  if (percent === null || memoryBytes === null) return value;
  return String(Math.floor(memoryBytes * percent));
}
