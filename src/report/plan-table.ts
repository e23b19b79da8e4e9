import prettyMilliseconds from 'pretty-ms';
import { estimateRunMs } from '../sweep/progress.ts';
import type { Plan } from '../types.ts';
import { table } from './plain-table.ts';

/** The --dry-run listing: every cell with its stable id, and what the sweep will take. */
export function formatPlan(plan: Plan): string {
  const { run } = plan.matrix;
  const rows = plan.cells.map((c) => [c.id, c.label, c.cpus === null ? '-' : String(c.cpus), c.memoryBytes === null ? '-' : String(c.params.memory), Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ') || '-']);
  const estimate = prettyMilliseconds(plan.runs.length * estimateRunMs(run), { secondsDecimalDigits: 0 });
  return [
    `matrix ${plan.matrix.name}${plan.shard ? ` (shard ${plan.shard.index}/${plan.shard.count})` : ''}: ${plan.cells.length} cells × ${run.repetitions} repetitions = ${plan.runs.length} runs (seed ${plan.seed})`,
    `each run: ${run.coldStarts} cold starts${run.pull ? ' (each pulls its image afresh from a local registry)' : ''}, ${run.warmupSeconds} s warm-up, ${run.durationSeconds} s measured; about ${estimate} in all`,
    '',
    table(['cell id', 'label', 'cpus', 'memory', 'env'], rows),
  ].join('\n');
}
