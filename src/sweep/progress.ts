import { performance } from 'node:perf_hooks';
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import pc from 'picocolors';
import prettyMilliseconds from 'pretty-ms';
import type { PlannedRun, RunOutcome } from '../types.ts';
import type { SweepListener } from './events.ts';

const fmtUs = (us: number | undefined) => (us === undefined || Number.isNaN(us) ? '-' : `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`);

/** One line saying how a run went. */
export function describeOutcome(outcome: RunOutcome): string {
  const head = `${outcome.run.cell.label} #${outcome.run.repetition}`;
  if (outcome.state === 'failed') return `${head}  ${pc.red(`FAILED in ${outcome.stage}`)}: ${outcome.error.split('\n')[0]}`;
  if (outcome.state === 'skipped') return `${head}  ${pc.yellow('skipped')}: ${outcome.reason}`;
  const { load, platform, runtime } = outcome;
  const cold = outcome.coldStarts.filter((s) => s.verified).map((s) => s.totalMs).sort((a, b) => a - b);
  const unverified = outcome.coldStarts.length - cold.length;
  const parts = [
    `p99 ${fmtUs(load.latency.p99Us)}`,
    `${Math.round(load.rps).toLocaleString('en-US')} rps`,
    platform.cpuThrottledMs !== null ? `throttled ${Math.round(platform.cpuThrottledMs).toLocaleString('en-US')} ms` : '',
    cold.length > 0 ? `cold ${Math.round(cold[Math.floor(cold.length / 2)] ?? 0)} ms` : '',
    unverified > 0 ? pc.yellow(`${unverified} cold start${unverified > 1 ? 's' : ''} unverified`) : '',
    runtime ? `GOMAXPROCS ${runtime.gomaxprocs}` : '',
    platform.oomKilled ? pc.red('OOM-killed') : '',
    outcome.flags.driverLimited ? pc.yellow('driver-limited') : '',
    outcome.flags.memoryStalled ? pc.yellow('memory-stalled') : '',
    outcome.flags.unanswered ? pc.yellow('unanswered') : '',
    outcome.flags.contended ? pc.yellow(`contended (others used ${outcome.flags.otherCpuCores?.toFixed(2)} cores)`) : '',
    outcome.flags.senderBehind && load.schedule ? pc.yellow(`sender behind (${Math.round(load.schedule.sentRps)} of ${load.schedule.targetRps} rps)`) : '',
    load.successes < load.requests ? pc.yellow(`${load.requests - load.successes} errors`) : '',
  ];
  return `${head}  ${parts.filter(Boolean).join('  ')}`;
}

/** Progress of a sweep with an ETA: a bar on a terminal, one line per run elsewhere. */
export class Progress {
  readonly #total: number;
  readonly #estimateMs: number;
  readonly #startedAt = performance.now();
  #done: number;
  #finishedHere = 0;
  readonly #multibar: MultiBar | null;
  readonly #bar: SingleBar | null;

  /** `estimateMs`: a run's, before one has finished (the plan's estimate over its runs). */
  constructor(total: number, alreadyDone: number, estimateMs: number, stream: NodeJS.WriteStream = process.stderr) {
    this.#total = total;
    this.#done = alreadyDone;
    this.#estimateMs = estimateMs;
    if (stream.isTTY) {
      this.#multibar = new MultiBar(
        { stream, format: '{bar} {value}/{total} runs | ETA {eta_text} | {label}', hideCursor: true, clearOnComplete: true },
        Presets.shades_classic,
      );
      this.#bar = this.#multibar.create(total, alreadyDone, { eta_text: this.eta(), label: '' });
    } else {
      this.#multibar = null;
      this.#bar = null;
    }
  }

  /** Remaining runs times the mean duration so far (or the estimate before the first run ends). */
  eta(): string {
    const perRun = this.#finishedHere > 0 ? (performance.now() - this.#startedAt) / this.#finishedHere : this.#estimateMs;
    return prettyMilliseconds(Math.max(0, this.#total - this.#done) * perRun, { secondsDecimalDigits: 0 });
  }

  /** The sweep's events as the bar and the per-run lines show them. */
  readonly listener: SweepListener = (e) => {
    if (e.event === 'run-started') this.runStarted(e.run);
    else if (e.event === 'run-finished') this.runFinished(e.outcome);
    else this.log(e.line);
  };

  runStarted(run: PlannedRun): void {
    this.#bar?.update({ eta_text: this.eta(), label: `${run.cell.label} #${run.repetition}` });
  }

  runFinished(outcome: RunOutcome): void {
    this.#done++;
    this.#finishedHere++;
    const width = String(this.#total).length;
    this.log(`[${String(this.#done).padStart(width)}/${this.#total}] ${describeOutcome(outcome)}  ${pc.dim(`ETA ${this.eta()}`)}`);
    this.#bar?.update(this.#done, { eta_text: this.eta() });
  }

  log(line: string): void {
    if (this.#multibar) this.#multibar.log(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  }

  stop(): void {
    this.#multibar?.stop();
  }
}

/** What --quiet shows of a sweep, on stderr: the runs that failed and the builds that did, nothing else. */
export function quietListener(write: (line: string) => void): SweepListener {
  return (e) => {
    if (e.event === 'run-finished' && e.outcome.state === 'failed') write(describeOutcome(e.outcome));
    else if (e.event === 'note' && e.error) write(e.line);
  };
}
