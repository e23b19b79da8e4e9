import type { Plan } from '../types.ts';
import { table } from './plain-table.ts';

const trim = (v: number) => String(Number(v.toFixed(1)));

/** A duration as an estimate reads: 20 s, 11 min, 27.3 h, 12.2 days. */
export function formatEstimate(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 55) return `${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 48 * 3600) return `${trim(seconds / 3600)} h`;
  return `${trim(seconds / 86_400)} days`;
}

/** Past either, a sweep is worth cutting before it starts: more cells than anyone reads, or longer than a night on one machine. */
export const LARGE_SWEEP = { cells: 1000, estimateMs: 8 * 3_600_000 };

const count = (n: number) => n.toLocaleString('en-US');

/** Warnings to print before a sweep starts: a shard with no cells, a size or duration past LARGE_SWEEP, with how to cut it. */
export function planWarnings(plan: Plan): string[] {
  if (plan.shard && plan.cells.length === 0) {
    return [`warning: shard ${plan.shard.index}/${plan.shard.count} has no cells (the matrix has fewer cells than shards), so it will record no run\n  fix: run fewer shards; --dry-run --shard k/n shows each shard's cells`];
  }
  const { estimateMs } = plan;
  if (plan.cells.length <= LARGE_SWEEP.cells && estimateMs <= LARGE_SWEEP.estimateMs) return [];
  const shards = Math.min(plan.cells.length, Math.ceil(estimateMs / LARGE_SWEEP.estimateMs));
  const slice = shards > 1 ? `, or spread it with --shard k/${shards} over ${shards} machines (about ${formatEstimate(estimateMs / shards)} each)` : '';
  return [
    `warning: ${count(plan.cells.length)} cells × ${plan.matrix.run.repetitions} repetitions = ${count(plan.runs.length)} runs, about ${formatEstimate(estimateMs)} on one machine` +
      ` (past ${count(LARGE_SWEEP.cells)} cells or ${formatEstimate(LARGE_SWEEP.estimateMs)})\n` +
      `  fix: cut it with exclude entries for the combinations you do not need, fewer values per axis or fewer repetitions${slice}`,
  ];
}

/** The --dry-run listing: every cell with its stable id, and what the sweep (or this shard of it) will take; `notes` follow the run settings (say, which came from the command line). */
export function formatPlan(plan: Plan, notes: string[] = []): string {
  const { run } = plan.matrix;
  const rows = plan.cells.map((c) => [c.id, c.label, c.cpus === null ? '-' : String(c.cpus), c.memoryBytes === null ? '-' : String(c.params.memory), Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ') || '-']);
  return [
    `matrix ${plan.matrix.name}${plan.shard ? ` (shard ${plan.shard.index}/${plan.shard.count})` : ''}: ${plan.cells.length} cells × ${run.repetitions} repetitions = ${plan.runs.length} runs (seed ${plan.seed})`,
    `each run: ${run.coldStarts} cold starts${run.pull ? ' (each pulls its image afresh from a local registry)' : ''}, ${run.warmupSeconds} s warm-up, ${run.durationSeconds} s measured; about ${formatEstimate(plan.estimateMs)} in all${plan.shard ? ' for this shard' : ''}`,
    ...notes,
    '',
    table(['cell id', 'label', 'cpus', 'memory', 'env'], rows),
  ].join('\n');
}
