// npm run bench:loadgen — is the harness's load driver the bottleneck?
// Runs wrk and the harness's closed-loop driver against the same `hello`
// container, alternating, at equal connections, and writes both req/s and
// their ratio to results/bench/loadgen-<time>.{json,md}.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { buildLoadgen } from '../../src/build/loadgen.ts';
import { runLoad } from '../../src/drive/loadgen.ts';
import { expandCells } from '../../src/matrix/expand.ts';
import { closeTargets, openTargets } from '../../src/targets/index.ts';
import { removeAll } from '../../src/targets/live.ts';
import type { Matrix } from '../../src/types.ts';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    cpus: { type: 'string', default: '1' },
  },
});
const connections = Number(args.connections);
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);

const wrkVersion = await execa('wrk', ['--version'], { reject: false });
if (wrkVersion.exitCode === null || !/wrk/.test(wrkVersion.stdout + wrkVersion.stderr)) {
  console.error('wrk is not installed.\n  fix: apt-get install -y wrk');
  process.exit(2);
}

const hello = { name: 'hello', source: { kind: 'bundled' as const, name: 'hello' }, env: {}, healthPath: '/health', infoPath: '/info', requestPath: '/' };
const matrix: Matrix = {
  name: 'bench-loadgen', description: '', claims: [], gate: [], file: '', hash: '', workloads: [hello],
  axes: [{ name: 'workload', values: ['hello'] }, { name: 'cpus', values: [Number(args.cpus)] }, { name: 'concurrency', values: [connections] }],
  include: [], exclude: [],
  run: { repetitions: 1, coldStarts: 0, warmupSeconds: 1, durationSeconds: seconds, requestTimeoutMs: 2000, readyTimeoutSeconds: 15, seed: 0, isolateDriver: false, pull: false },
};
const [cell] = expandCells(matrix);
if (!cell) throw new Error('no cell');
const signal = new AbortController().signal;
const targets = await openTargets([cell], { sweepId: 'bench-loadgen', settings: matrix.run, signal, log: console.log });
const docker = targets.get('docker');
if (!docker) throw new Error('the docker target did not open');
const host = docker.facts as { cpus: number; kernel: string; serverVersion: string };
const deployment = await docker.deploy(cell);
const loadgen = await buildLoadgen();
process.on('SIGINT', () => void removeAll().finally(() => process.exit(130)));
// The cold start waits for hello's first 2xx.
const { instance } = await deployment.coldStart({ runId: 'bench', cell, repetition: 1, order: 1 }, docker.placement(cell), signal);

async function wrk(): Promise<number> {
  await execa('wrk', ['-t1', `-c${connections}`, '-d1s', `${instance.baseUrl}/`]); // warm-up
  const { stdout } = await execa('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, `${instance.baseUrl}/`]);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
}

async function harness(): Promise<{ rps: number; driverCpuCores: number }> {
  const r = await runLoad({ loadgen, url: `${instance.baseUrl}/`, connections, rps: null, warmupSeconds: 1, durationSeconds: seconds, requestTimeoutMs: 2000 });
  return { rps: r.rps, driverCpuCores: r.driverCpuCores };
}

const rows: Array<{ round: number; wrkRps: number; harnessRps: number; ratio: number; harnessCpuCores: number }> = [];
try {
  for (let round = 1; round <= rounds; round++) {
    // Alternate which goes first, so warming of the server favours neither.
    let wrkRps: number;
    let ours: { rps: number; driverCpuCores: number };
    if (round % 2 === 1) {
      wrkRps = await wrk();
      ours = await harness();
    } else {
      ours = await harness();
      wrkRps = await wrk();
    }
    const row = { round, wrkRps, harnessRps: ours.rps, ratio: ours.rps / wrkRps, harnessCpuCores: ours.driverCpuCores };
    rows.push(row);
    console.log(`round ${round}: wrk ${wrkRps.toFixed(0)} req/s, harness ${ours.rps.toFixed(0)} req/s, ratio ${row.ratio.toFixed(2)}x (driver ${ours.driverCpuCores.toFixed(2)} cores)`);
  }
} finally {
  await instance.remove();
  await closeTargets(targets);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const summary = {
  date: new Date().toISOString(),
  setup: { connections, seconds, rounds, cpus: Number(args.cpus), wrk: 'wrk -t1', harness: 'closed loop, gosweep loadgen (Go, epoll engine: one thread, non-blocking sockets)', host: { cpus: host.cpus, kernel: host.kernel, docker: host.serverVersion } },
  rows,
  medianWrkRps: median(rows.map((r) => r.wrkRps)),
  medianHarnessRps: median(rows.map((r) => r.harnessRps)),
  medianRatio: median(rows.map((r) => r.ratio)),
  ratioOfMedians: median(rows.map((r) => r.harnessRps)) / median(rows.map((r) => r.wrkRps)),
};
const dir = path.join('results', 'bench');
fs.mkdirSync(dir, { recursive: true });
const stamp = summary.date.replace(/[-:]/g, '').slice(0, 15);
fs.writeFileSync(path.join(dir, `loadgen-${stamp}.json`), `${JSON.stringify(summary, null, 2)}\n`);
const md = [
  `# loadgen: harness vs wrk, ${connections} connections, ${seconds} s, hello at --cpus=${args.cpus}`,
  '',
  '| round | wrk req/s | harness req/s | ratio | harness CPU (cores) |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.round} | ${r.wrkRps.toFixed(0)} | ${r.harnessRps.toFixed(0)} | ${r.ratio.toFixed(2)}x | ${r.harnessCpuCores.toFixed(2)} |`),
  '',
  `median of the paired ratios: **${summary.medianRatio.toFixed(2)}x**; ratio of the medians: ${summary.ratioOfMedians.toFixed(2)}x (target: at least 1.0x)`,
  '',
].join('\n');
fs.writeFileSync(path.join(dir, `loadgen-${stamp}.md`), md);
console.log(`\nmedian: wrk ${summary.medianWrkRps.toFixed(0)} req/s, harness ${summary.medianHarnessRps.toFixed(0)} req/s; median paired ratio ${summary.medianRatio.toFixed(2)}x, ratio of medians ${summary.ratioOfMedians.toFixed(2)}x`);
console.log(`written: ${path.join(dir, `loadgen-${stamp}.md`)}`);
