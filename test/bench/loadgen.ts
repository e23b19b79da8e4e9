// npm run bench:loadgen — is the harness's load driver the bottleneck?
// Runs wrk and the harness's closed-loop driver against the same `hello`,
// alternating, at equal connections, and writes both req/s and their ratio
// to results/bench/loadgen-<time>.{json,md}. Two scenarios:
//   http:  a Docker container at --cpus (default 1), plain HTTP on loopback;
//   https: the bare binary (process target) serving TLS on a second port,
//          with a self-signed certificate made here by openssl.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { HereVantage } from '../../src/drive/here.ts';
import { buildTool } from '../../src/build/tools.ts';
import { runLoad } from '../../src/drive/loadgen.ts';
import { expandCells } from '../../src/matrix/expand.ts';
import { freePort } from '../../src/targets/free-port.ts';
import { closeTargets, openTargets, type Instance } from '../../src/targets/index.ts';
import { removeAll } from '../../src/targets/live.ts';
import type { Cell, Matrix } from '../../src/types.ts';
import { workload } from '../helpers/matrix.ts';

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

for (const [tool, versionArgs, fix] of [['wrk', ['--version'], 'apt-get install -y wrk'], ['openssl', ['version'], 'apt-get install -y openssl']] as const) {
  const probe = await execa(tool, versionArgs, { reject: false });
  if (!/wrk|OpenSSL/i.test(`${probe.stdout}${probe.stderr}`)) {
    console.error(`${tool} is not installed.\n  fix: ${fix}`);
    process.exit(2);
  }
}

const certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-bench-tls-'));
const cert = path.join(certDir, 'cert.pem');
const key = path.join(certDir, 'key.pem');
await execa('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
const tlsPort = await freePort();

const hello = (env: Record<string, string>) => workload('hello', env);
const matrix = (target: string, env: Record<string, string>, cpus: number[] | null): Matrix => ({
  name: 'bench-loadgen', description: '', claims: [], gate: [], file: '', hash: '', workloads: [hello(env)],
  axes: [{ name: 'workload', values: ['hello'] }, { name: 'target', values: [target] }, ...(cpus ? [{ name: 'cpus', values: cpus }] : []), { name: 'concurrency', values: [connections] }],
  include: [], exclude: [],
  run: { repetitions: 1, coldStarts: 0, warmupSeconds: 1, durationSeconds: seconds, requestTimeoutMs: 2000, readyTimeoutSeconds: 15, seed: 0, isolateDriver: false, pull: false, lambdaPrices: null, cloudrunPrices: null, idleProbes: 5 },
});
const scenarios: Array<{ name: string; cell: Cell; url: (instance: Instance) => string; setup: string }> = [
  { name: 'http', cell: expandCells(matrix('docker', {}, [Number(args.cpus)]))[0]!, url: (i) => `${i.baseUrl}/`, setup: `Docker container at --cpus=${args.cpus}, plain HTTP` },
  {
    name: 'https',
    cell: expandCells(matrix('process', { TLS_PORT: String(tlsPort), TLS_CERT_FILE: cert, TLS_KEY_FILE: key }, null))[0]!,
    url: () => `https://127.0.0.1:${tlsPort}/`,
    setup: 'bare binary (process target), TLS 1.3, HTTP/1.1, self-signed P-256 certificate',
  },
];

const signal = new AbortController().signal;
const loadgen = await buildTool('loadgen');
const targets = await openTargets(scenarios.map((s) => s.cell), { sweepId: 'bench-loadgen', settings: matrix('docker', {}, null).run, signal, log: console.log });
process.on('SIGINT', () => void removeAll().finally(() => process.exit(130)));

async function wrk(url: string): Promise<number> {
  await execa('wrk', ['-t1', `-c${connections}`, '-d1s', url]); // warm-up
  const { stdout } = await execa('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
}

async function harness(url: string): Promise<{ rps: number; driverCpuCores: number }> {
  const r = await runLoad({ via: new HereVantage(loadgen), url, connections, rps: null, warmupSeconds: 1, durationSeconds: seconds, requestTimeoutMs: 2000, insecureTls: url.startsWith('https:') });
  if (r.successes < r.requests) throw new Error(`${r.requests - r.successes} of ${r.requests} requests failed on ${url}`);
  return { rps: r.rps, driverCpuCores: r.driverCpuCores };
}

type Row = { round: number; wrkRps: number; harnessRps: number; ratio: number; harnessCpuCores: number };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const results: Array<{ name: string; setup: string; rows: Row[]; medianWrkRps: number; medianHarnessRps: number; medianRatio: number }> = [];
try {
  for (const scenario of scenarios) {
    const target = targets.get(scenario.cell.target);
    if (!target) throw new Error(`${scenario.cell.target} did not open`);
    const deployment = await target.deploy(scenario.cell);
    // The cold start waits for hello's first 2xx.
    const { instance } = await deployment.coldStart({ runId: `bench-${scenario.name}`, cell: scenario.cell, repetition: 1, order: 1 }, target.placement(scenario.cell), signal);
    const url = scenario.url(instance);
    const rows: Row[] = [];
    try {
      for (let round = 1; round <= rounds; round++) {
        // Alternate which goes first, so warming of the server favours neither.
        const [wrkRps, ours] = round % 2 === 1 ? [await wrk(url), await harness(url)] : await harness(url).then(async (h) => [await wrk(url), h] as const);
        const row = { round, wrkRps, harnessRps: ours.rps, ratio: ours.rps / wrkRps, harnessCpuCores: ours.driverCpuCores };
        rows.push(row);
        console.log(`${scenario.name} round ${round}: wrk ${wrkRps.toFixed(0)} req/s, harness ${ours.rps.toFixed(0)} req/s, ratio ${row.ratio.toFixed(2)}x (driver ${ours.driverCpuCores.toFixed(2)} cores)`);
      }
    } finally {
      await instance.remove();
    }
    results.push({ name: scenario.name, setup: scenario.setup, rows, medianWrkRps: median(rows.map((r) => r.wrkRps)), medianHarnessRps: median(rows.map((r) => r.harnessRps)), medianRatio: median(rows.map((r) => r.ratio)) });
  }
} finally {
  await closeTargets(targets);
  fs.rmSync(certDir, { recursive: true, force: true });
}

const date = new Date().toISOString();
const dockerFacts = targets.get('docker')?.facts ?? {};
const summary = { date, setup: { connections, seconds, rounds, wrk: 'wrk -t1', harness: 'closed loop, gosweep loadgen (epoll engine for http, goroutine engine over crypto/tls for https)', host: { cpus: os.cpus().length, kernel: os.release(), docker: dockerFacts.serverVersion } }, scenarios: results };
const dir = path.join('results', 'bench');
fs.mkdirSync(dir, { recursive: true });
const stamp = date.replace(/[-:]/g, '').slice(0, 15);
fs.writeFileSync(path.join(dir, `loadgen-${stamp}.json`), `${JSON.stringify(summary, null, 2)}\n`);
const md = [
  `# loadgen: harness vs wrk, ${connections} connections, ${seconds} s a round, hello`,
  ...results.flatMap((s) => [
    '',
    `## ${s.name}: ${s.setup}`,
    '',
    '| round | wrk req/s | harness req/s | ratio | harness CPU (cores) |',
    '|---|---|---|---|---|',
    ...s.rows.map((r) => `| ${r.round} | ${r.wrkRps.toFixed(0)} | ${r.harnessRps.toFixed(0)} | ${r.ratio.toFixed(2)}x | ${r.harnessCpuCores.toFixed(2)} |`),
    '',
    `median: wrk ${s.medianWrkRps.toFixed(0)} req/s, harness ${s.medianHarnessRps.toFixed(0)} req/s; median of the paired ratios **${s.medianRatio.toFixed(2)}x** (target: at least 1.0x)`,
  ]),
  '',
].join('\n');
fs.writeFileSync(path.join(dir, `loadgen-${stamp}.md`), md);
for (const s of results) console.log(`${s.name}: median wrk ${s.medianWrkRps.toFixed(0)} req/s, harness ${s.medianHarnessRps.toFixed(0)} req/s; median paired ratio ${s.medianRatio.toFixed(2)}x`);
console.log(`written: ${path.join(dir, `loadgen-${stamp}.md`)}`);
