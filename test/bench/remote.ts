// npm run bench:remote — what driving an engine as a remote one changes.
// One engine, this machine's, reached two ways, alternating: its unix socket
// (requests and load from here) and a forwarded TCP port (the remote path:
// a driver container sends them, cold starts timed on the engine's stamps).
// Writes results/bench/remote-<time>.{json,md}.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { median as simpleMedian } from 'simple-statistics';
import type { ColdStartRow, ResultRow } from '../../src/types.ts';
import { forwardToSocket } from '../helpers/remote-engine.ts';
import { benchHost, sweep, writeBenchResult } from './bench-files.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '4' }, 'cold-starts': { type: 'string', default: '10' }, seconds: { type: 'string', default: '5' } } });
const rounds = Number(args.rounds);
const matrix = `name: bench-remote
workloads: [hello]
axes:
  cpus: [1]
  concurrency: [8]
run:
  repetitions: 1
  coldStarts: ${Number(args['cold-starts'])}
  warmupSeconds: 1
  durationSeconds: ${Number(args.seconds)}
`;

const median = (xs: number[]) => (xs.length === 0 ? Number.NaN : simpleMedian(xs));
type Mode = 'socket' | 'remote';
interface Round { round: number; mode: Mode; coldMs: number[]; readyMs: number[]; p50Us: number; p99Us: number; rps: number; driverCores: number; hostBusy: number | null }

const forwarder = await forwardToSocket('/var/run/docker.sock');
const modes: Record<Mode, Record<string, string>> = { socket: {}, remote: { DOCKER_HOST: forwarder.dockerHost } };
const results: Round[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    // Alternate which goes first, so neither always finds the engine warm.
    const order: Mode[] = round % 2 === 1 ? ['socket', 'remote'] : ['remote', 'socket'];
    for (const mode of order) {
      const { rows, coldStarts } = await sweep(matrix, modes[mode]);
      const row = rows[0] as ResultRow;
      const cold = coldStarts.filter((c: ColdStartRow) => c.verified === true);
      const r: Round = {
        round,
        mode,
        coldMs: cold.map((c) => Number(c.total_ms)),
        readyMs: cold.map((c) => Number(c.ready_ms)),
        p50Us: Number(row.latency_p50_us),
        p99Us: Number(row.latency_p99_us),
        rps: Number(row.rps),
        driverCores: Number(row.driver_cpu_cores),
        hostBusy: row.host_cpu_busy,
      };
      results.push(r);
      console.log(`round ${round} ${mode}: cold start median ${median(r.coldMs).toFixed(1)} ms, p50 ${r.p50Us} µs, p99 ${r.p99Us} µs, ${r.rps.toFixed(0)} rps`);
    }
  }
} finally {
  forwarder.close();
}

const of = (mode: Mode) => results.filter((r) => r.mode === mode);
const pooled = (mode: Mode, f: (r: Round) => number[]) => median(of(mode).flatMap(f));
const each = (mode: Mode, f: (r: Round) => number) => median(of(mode).map(f));
const paired = (f: (r: Round) => number) => median(of('remote').map((r, i) => f(r) / f(of('socket')[i]!)));
const summary = {
  date: new Date().toISOString(),
  setup: { rounds, matrix, host: { ...benchHost(), kernel: os.release() } },
  medians: Object.fromEntries((['socket', 'remote'] as Mode[]).map((m) => [m, { coldStartMs: pooled(m, (r) => r.coldMs), readyMs: pooled(m, (r) => r.readyMs), p50Us: each(m, (r) => r.p50Us), p99Us: each(m, (r) => r.p99Us), rps: each(m, (r) => r.rps), driverCores: each(m, (r) => r.driverCores) }])),
  pairedRatios: { coldStart: paired((r) => median(r.coldMs)), p50: paired((r) => r.p50Us), p99: paired((r) => r.p99Us), rps: paired((r) => r.rps) },
  rounds: results,
};
const m = summary.medians as Record<Mode, { coldStartMs: number; readyMs: number; p50Us: number; p99Us: number; rps: number; driverCores: number }>;
const line = (name: string, f: (x: (typeof m)['socket']) => number, digits: number, ratio: number) => `| ${name} | ${f(m.socket).toFixed(digits)} | ${f(m.remote).toFixed(digits)} | ${Number.isNaN(ratio) ? '–' : `${ratio.toFixed(2)}x`} |`;
const md = [
  `# remote: one engine through its socket and as a remote one (${rounds} rounds, alternating; hello at --cpus=1, 8 connections)`,
  '',
  '| figure | socket (from here) | remote (driver container) | remote / socket, median of rounds |',
  '|---|---|---|---|',
  line('cold start, ms (median of all samples)', (x) => x.coldStartMs, 1, summary.pairedRatios.coldStart),
  line('ready phase, ms', (x) => x.readyMs, 1, Number.NaN),
  line('p50, µs', (x) => x.p50Us, 0, summary.pairedRatios.p50),
  line('p99, µs', (x) => x.p99Us, 0, summary.pairedRatios.p99),
  line('req/s', (x) => x.rps, 0, summary.pairedRatios.rps),
  line('load generator CPU, cores', (x) => x.driverCores, 2, Number.NaN),
  '',
  'The socket path times the cold start from just before the create call to the first 2xx seen here; the remote path from the engine\'s create stamp to the probe\'s first 2xx, both on this host\'s clock.',
  '',
].join('\n');
writeBenchResult('remote', summary, md);
