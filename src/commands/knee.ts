import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import pc from 'picocolors';
import { buildTool } from '../build/tools.ts';
import { HereVantage } from '../drive/here.ts';
import { UsageError } from '../errors.ts';
import { expandCells, loadMatrix } from '../matrix/index.ts';
import { findKnee, type KneeOptions, type KneeStep } from '../sweep/knee.ts';
import { closeTargets, openTargets, TARGET_NAMES } from '../targets/index.ts';
import { removeAll } from '../targets/live.ts';
import { EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';
import { handleInterrupts } from './interrupts.ts';
import { output } from './output.ts';

export interface KneeCommandOptions extends KneeOptions {
  cell: string;
  resultsDir: string;
  /** Only the knee, where its steps are, warnings and errors. */
  quiet?: boolean;
}

const describe = (s: KneeStep) =>
  `${String(s.rps).padStart(7)} rps  ${s.passed ? pc.green('pass') : pc.red('fail')}  ${s.why}  (p50 ${(s.load.latency.p50Us / 1000).toFixed(2)} ms, ${s.load.successes}/${s.load.requests} ok)`;

/** Finds the highest open-loop rate that keeps one cell's p99 under a bound. */
export async function kneeCommand(matrixFile: string, opts: KneeCommandOptions): Promise<number> {
  const say = output(opts);
  const draft = loadMatrix(matrixFile, { targets: TARGET_NAMES });
  const cells = expandCells(draft);
  const cell = cells.find((c) => c.id === opts.cell);
  if (!cell) {
    throw new UsageError([
      { file: matrixFile, line: 0, col: 0, path: '', message: `no cell '${opts.cell}' in this matrix`, fix: `use one of ${cells.map((c) => c.id).join(', ')} (gosweep run ${matrixFile} --dry-run lists them)` },
    ]);
  }
  const sweepId = `${draft.name}-knee-${cell.id}-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
  const interrupts = handleInterrupts();
  const targets = await openTargets([cell], { sweepId, settings: draft.run, signal: interrupts.signal, log: say.note }).catch((err: unknown) => {
    interrupts.dispose();
    throw err;
  });
  try {
    const target = targets.get(cell.target);
    if (!target) throw new Error(`target ${cell.target} did not open`);
    if (target.limits) loadMatrix(matrixFile, { ...target.limits, targets: TARGET_NAMES });
    const [deployment, loadgen] = await Promise.all([target.deploy(cell), buildTool('loadgen')]);
    say.info(`knee of ${cell.label}: highest rate with p99 <= ${opts.p99BoundMs} ms, ${draft.run.durationSeconds} s a step`);
    const run = { runId: `${cell.id}#knee`, cell, repetition: 1, order: 1 };
    const ctx = { here: new HereVantage(loadgen), settings: draft.run, signal: interrupts.signal, onStep: (s: KneeStep) => say.info(describe(s)) };
    const { kneeRps, steps } = await findKnee(run, target, deployment, ctx, opts);
    const dir = path.join(opts.resultsDir, sweepId);
    fs.mkdirSync(dir, { recursive: true });
    const rows = steps.map((s) => ({
      cell_id: cell.id,
      cell_label: cell.label,
      target_rps: s.rps,
      passed: s.passed,
      why: s.why,
      sent_rps: s.load.schedule?.sentRps ?? null,
      rps: Math.round(s.load.rps * 10) / 10,
      latency_p50_us: s.load.latency.p50Us,
      latency_p99_us: s.load.latency.p99Us,
      latency_p999_us: s.load.latency.p999Us,
      requests: s.load.requests,
      successes: s.load.successes,
      driver_cpu_cores: Math.round(s.load.driverCpuCores * 1000) / 1000,
      driver_limited: s.flags.driverLimited,
      flag_reasons: s.flags.reasons.join('; '),
    }));
    fs.writeFileSync(path.join(dir, 'knee.csv'), stringify(rows, { header: true, cast: { boolean: (b) => String(b) } }));
    say.result(kneeRps === null ? pc.red(`no rate from ${opts.startRps} rps kept p99 under ${opts.p99BoundMs} ms`) : `knee: ${pc.bold(`${kneeRps} rps`)} (p99 <= ${opts.p99BoundMs} ms)`);
    say.result(`steps: ${path.join(dir, 'knee.csv')}`);
    return EXIT_OK;
  } catch (err) {
    if (interrupts.signal.aborted) return EXIT_INTERRUPTED;
    throw err;
  } finally {
    interrupts.dispose();
    await closeTargets(targets, say.warn);
    await removeAll();
  }
}
