// npm run bench:latency — do gosweep's latency percentiles agree with two
// independent generators? Runs wrk (--latency), hey and gosweep's closed loop,
// alternating, against a steady cell (hello at --cpus=1) and a cell the CFS
// quota throttles (cpu at --cpus=0.5), at equal connections; writes p50/p99 of
// each and the gaps to results/bench/latency-<time>.{json,md}, with the reason
// for any gap over 10%.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { median } from 'simple-statistics';
import { HereVantage } from '../../src/drive/here.ts';
import { buildTool } from '../../src/build/tools.ts';
import { runLoad } from '../../src/drive/loadgen.ts';
import { expandCells } from '../../src/matrix/expand.ts';
import { closeTargets, openTargets } from '../../src/targets/index.ts';
import { removeAll } from '../../src/targets/live.ts';
import type { Cell, Matrix } from '../../src/types.ts';
import { workload } from '../helpers/matrix.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' } } });
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
for (const [tool, versionArgs] of [['wrk', ['--version']], ['hey', ['-h']]] as const) {
  const probe = await execa(tool, versionArgs, { reject: false });
  if (probe.failed && probe.exitCode === undefined) {
    console.error(`${tool} is not installed.\n  fix: apt-get install -y ${tool}`);
    process.exit(2);
  }
}

type Percentiles = { p50Us: number; p99Us: number; meanUs: number; rps: number; throttledMs?: number | null };
const UNIT_US: Record<string, number> = { us: 1, ms: 1000, s: 1_000_000 };

async function wrk(url: string, connections: number): Promise<Percentiles> {
  const { stdout } = await execa('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url]);
  const at = (p: number) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)$`, 'm').exec(stdout);
    if (!m) throw new Error(`no ${p}% in wrk's output:\n${stdout}`);
    return Number(m[1]) * (UNIT_US[m[2] as string] ?? Number.NaN);
  };
  const avg = /^\s+Latency\s+([\d.]+)(us|ms|s)/m.exec(stdout);
  const meanUs = avg ? Number(avg[1]) * (UNIT_US[avg[2] as string] ?? Number.NaN) : Number.NaN;
  return { p50Us: at(50), p99Us: at(99), meanUs, rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]) };
}

async function hey(url: string, connections: number): Promise<Percentiles> {
  const { stdout } = await execa('hey', ['-z', `${seconds}s`, '-c', String(connections), url]);
  const at = (p: number) => {
    const m = new RegExp(`^\\s+${p}% in ([\\d.]+) secs`, 'm').exec(stdout);
    if (!m) throw new Error(`no ${p}% in hey's output:\n${stdout}`);
    return Number(m[1]) * 1_000_000;
  };
  const meanUs = Number(/Average:\s+([\d.]+) secs/.exec(stdout)?.[1]) * 1_000_000;
  return { p50Us: at(50), p99Us: at(99), meanUs, rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]) };
}

const loadgen = await buildTool('loadgen');
async function gosweep(url: string, connections: number): Promise<Percentiles> {
  const r = await runLoad({ via: new HereVantage(loadgen), url, connections, rps: null, warmupSeconds: 1, durationSeconds: seconds, requestTimeoutMs: 5000 });
  return { p50Us: r.latency.p50Us, p99Us: r.latency.p99Us, meanUs: r.latency.meanUs, rps: r.rps };
}

const settings = { repetitions: 1, coldStarts: 0, warmupSeconds: 1, durationSeconds: seconds, requestTimeoutMs: 5000, readyTimeoutSeconds: 15, seed: 0, isolateDriver: false, pull: false, lambdaPrices: null, cloudrunPrices: null, idleProbes: 5 };

const cellOf = (name: string, env: Record<string, string>, cpus: number, connections: number): Cell => {
  const matrix: Matrix = {
    name: 'bench-latency', description: '', claims: [], gate: [], file: '', hash: '', workloads: [workload(name, env)],
    axes: [{ name: 'workload', values: [name] }, { name: 'cpus', values: [cpus] }, { name: 'concurrency', values: [connections] }],
    include: [], exclude: [],
    run: settings,
  };
  return expandCells(matrix)[0] as Cell;
};
const scenarios = [
  { name: 'steady', setup: 'hello at --cpus=1, 4 connections', cell: cellOf('hello', {}, 1, 4) },
  { name: 'throttled', setup: 'cpu (about 1 ms of CPU a request) at --cpus=0.5, 8 connections: the CFS quota stalls it every 100 ms period', cell: cellOf('cpu', {}, 0.5, 8) },
];

const signal = new AbortController().signal;
const targets = await openTargets(scenarios.map((s) => s.cell), { sweepId: 'bench-latency', settings, signal, log: console.log });
process.on('SIGINT', () => void removeAll().finally(() => process.exit(130)));
const docker = targets.get('docker');
if (!docker) throw new Error('the docker target did not open');

const tools = { wrk, hey, gosweep } as const;
type Tool = keyof typeof tools;
const results: Array<{ name: string; setup: string; medians: Record<Tool, Percentiles>; gaps: string[] }> = [];
try {
  for (const s of scenarios) {
    const deployment = await docker.deploy(s.cell);
    const { instance } = await deployment.coldStart({ runId: `bench-${s.name}`, cell: s.cell, repetition: 1, order: 1 }, docker.placement(s.cell), signal);
    const url = `${instance.baseUrl}/`;
    const seen: Record<Tool, Percentiles[]> = { wrk: [], hey: [], gosweep: [] };
    try {
      for (let round = 0; round < rounds; round++) {
        // Rotate the order each round, so warming of the server favours none.
        const order = (Object.keys(tools) as Tool[]).map((_, i, all) => all[(i + round) % all.length] as Tool);
        for (const tool of order) {
          await instance.markWindow('start');
          const measured = await tools[tool](url, s.cell.concurrency);
          await instance.markWindow('end');
          seen[tool].push({ ...measured, throttledMs: (await instance.facts()).cpuThrottledMs });
        }
        console.log(`${s.name} round ${round + 1}: ${order.map((t) => `${t} p50 ${(seen[t].at(-1)!.p50Us / 1000).toFixed(3)} p99 ${(seen[t].at(-1)!.p99Us / 1000).toFixed(3)} ms ${Math.round(seen[t].at(-1)!.rps)} rps`).join(', ')}`);
      }
    } finally {
      await instance.remove();
    }
    const medians = Object.fromEntries((Object.keys(seen) as Tool[]).map((t) => [t, { p50Us: median(seen[t].map((p) => p.p50Us)), p99Us: median(seen[t].map((p) => p.p99Us)), meanUs: median(seen[t].map((p) => p.meanUs)), rps: median(seen[t].map((p) => p.rps)), throttledMs: median(seen[t].map((p) => p.throttledMs ?? Number.NaN)) }])) as Record<Tool, Percentiles>;
    results.push({ name: s.name, setup: s.setup, medians, gaps: explainGaps(medians, seen, s.cell.concurrency) });
  }
} finally {
  await closeTargets(targets);
}

/** Every gap over 10% between gosweep and another generator, with what the data says causes it. */
function explainGaps(m: Record<Tool, Percentiles>, rounds: Record<Tool, Percentiles[]>, connections: number): string[] {
  const gaps: string[] = [];
  const range = (t: Tool, p: 'p50Us' | 'p99Us') => [Math.min(...rounds[t].map((r) => r[p])), Math.max(...rounds[t].map((r) => r[p]))] as const;
  const ms = (us: number) => (us / 1000).toFixed(3);
  for (const other of ['wrk', 'hey'] as const) {
    for (const p of ['p50Us', 'p99Us'] as const) {
      const gap = m.gosweep[p] / m[other][p] - 1;
      if (Math.abs(gap) <= 0.1) continue;
      const [gLow, gHigh] = range('gosweep', p);
      const [oLow, oHigh] = range(other, p);
      const rpsGap = m[other].rps / m.gosweep.rps - 1;
      // Little's law: N connections at X req/s make a mean latency of at most N / X, whoever measures it; a closed
      // loop's own turnaround between a response and the next send keeps it a little below (up to a quarter here).
      const little = (t: Tool) => {
        const share = m[t].meanUs / ((connections / m[t].rps) * 1e6);
        return share <= 1.1 && share >= 0.75;
      };
      const littleMs = (t: Tool) => (connections / m[t].rps) * 1000;
      const why =
        other === 'hey' && m[other][p] < 1000
          ? 'hey prints latencies in 0.1 ms steps (4 decimals of a second) and pays a goroutine and net/http per request: below 1 ms its figure is its own client cost and rounding'
          : gLow <= oHigh && oLow <= gHigh
            ? `within run-to-run spread: over the rounds gosweep gave ${ms(gLow)}-${ms(gHigh)} ms and ${other} ${ms(oLow)}-${ms(oHigh)} ms`
            : !little(other) && little('gosweep')
              ? `${other}'s own figures fail Little's law (its mean ${ms(m[other].meanUs)} ms against ${connections} connections / ${Math.round(m[other].rps)} req/s = ${littleMs(other).toFixed(3)} ms) while gosweep's agree (${ms(m.gosweep.meanUs)} against ${littleMs('gosweep').toFixed(3)} ms): the gap is in ${other}'s timing, not gosweep's`
              : !little('gosweep')
                ? `NOT EXPLAINED, and gosweep's own mean (${ms(m.gosweep.meanUs)} ms) fails Little's law (${littleMs('gosweep').toFixed(3)} ms): investigate gosweep's timing`
                : Math.abs(rpsGap) > 0.1
                  ? `${other} drove ${Math.round(m[other].rps)} req/s and gosweep ${Math.round(m.gosweep.rps)} (${rpsGap >= 0 ? '+' : ''}${(rpsGap * 100).toFixed(0)}%) through the same ${connections} connections, and the container was throttled ${Math.round(m[other].throttledMs ?? Number.NaN)} ms under ${other} against ${Math.round(m.gosweep.throttledMs ?? Number.NaN)} ms under gosweep: a closed loop that sends faster loads the server harder, so it measures a different server`
                  : `same throughput, and both means agree with Little's law: both time the same requests; the percentiles differ in shape, because each generator's send pattern lands its requests differently within the quota's throttled stretches`;
      gaps.push(`${p.replace('Us', '')}: gosweep ${ms(m.gosweep[p])} ms vs ${other} ${ms(m[other][p])} ms (${gap >= 0 ? '+' : ''}${(gap * 100).toFixed(0)}%): ${why}`);
    }
  }
  return gaps;
}

const date = new Date().toISOString();
const dir = path.join('results', 'bench');
fs.mkdirSync(dir, { recursive: true });
const stamp = date.replace(/[-:]/g, '').slice(0, 15);
fs.writeFileSync(path.join(dir, `latency-${stamp}.json`), `${JSON.stringify({ date, seconds, rounds, host: { cpus: os.cpus().length, kernel: os.release() }, results }, null, 2)}\n`);
const ms = (us: number) => (us / 1000).toFixed(3);
const md = [
  `# latency cross-check: wrk, hey and gosweep, closed loop, ${rounds} rounds of ${seconds} s, medians of the rounds`,
  ...results.flatMap((r) => [
    '',
    `## ${r.name}: ${r.setup}`,
    '',
    '| generator | p50 ms | p99 ms | mean ms | req/s | container throttled ms |',
    '|---|---|---|---|---|---|',
    ...(Object.keys(r.medians) as Tool[]).map((t) => `| ${t} | ${ms(r.medians[t].p50Us)} | ${ms(r.medians[t].p99Us)} | ${ms(r.medians[t].meanUs)} | ${Math.round(r.medians[t].rps)} | ${Math.round(r.medians[t].throttledMs ?? Number.NaN)} |`),
    '',
    ...(r.gaps.length ? ['Gaps over 10%:', ...r.gaps.map((g) => `- ${g}`)] : ['gosweep is within 10% of both at p50 and p99.']),
  ]),
  '',
].join('\n');
fs.writeFileSync(path.join(dir, `latency-${stamp}.md`), md);
console.log(`\n${md}`);
console.log(`written: ${path.join(dir, `latency-${stamp}.md`)}`);
