// npm run bench:lambda-local — what the Lambda emulator's data path adds.
// Serves hello directly (docker, --cpus 1) and through lambda-local at 1,769 MB
// (one vCPU, so the same CPU), at 1 and 4 connections, interleaved runs; the
// added latency is the difference of the medians of each run's p50 and p99, and
// the emulator's CPU is what gosweep's process used in the window
// (proxy_cpu_cores), per invoke. Writes results/bench/lambda-local-<time>.{json,md}.
import { median } from 'simple-statistics';
import type { NumericResultColumn } from '../../src/types.ts';
import { benchHost, formatUs as us, sweepRows, writeBenchResult } from './bench-files.ts';

const RUN = '{ repetitions: 3, coldStarts: 1, warmupSeconds: 1, durationSeconds: 5 }';
const MATRICES = {
  direct: `name: bench-direct\nworkloads: [hello]\naxes:\n  cpus: [1]\n  concurrency: [1, 4]\nrun: ${RUN}\n`,
  emulated: `name: bench-emulated\nworkloads: [hello]\naxes:\n  target: [lambda-local]\n  concurrency: [1, 4]\n  lambda:\n    memory: [1769]\nrun: ${RUN}\n`,
};

const rowsOf = await sweepRows(MATRICES);
const at = (name: string, connections: number, column: NumericResultColumn) =>
  median((rowsOf[name] ?? []).filter((r) => r.param_concurrency === connections && r.status === 'completed').map((r) => r[column] ?? 0));
const points = [1, 4].map((connections) => {
  const p50 = { direct: at('direct', connections, 'latency_p50_us'), emulated: at('emulated', connections, 'latency_p50_us') };
  const p99 = { direct: at('direct', connections, 'latency_p99_us'), emulated: at('emulated', connections, 'latency_p99_us') };
  const rps = at('emulated', connections, 'rps');
  const proxyCores = at('emulated', connections, 'proxy_cpu_cores');
  return { connections, p50Us: p50, p99Us: p99, addedP50Us: p50.emulated - p50.direct, addedP99Us: p99.emulated - p99.direct, rps: { direct: at('direct', connections, 'rps'), emulated: rps }, proxyCpuCores: proxyCores, proxyCpuUsPerInvoke: (proxyCores / rps) * 1e6 };
});
const summary = { date: new Date().toISOString(), host: benchHost(), points };
const md = [
  '# lambda-local: what the emulator adds per invoke (hello, 1 vCPU, medians of 3 runs)',
  '',
  '| connections | p50 direct | p50 emulated | added p50 | p99 direct | p99 emulated | added p99 | rps direct | rps emulated | emulator CPU | per invoke |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...points.map((p) => `| ${p.connections} | ${us(p.p50Us.direct)} | ${us(p.p50Us.emulated)} | **${us(p.addedP50Us)}** | ${us(p.p99Us.direct)} | ${us(p.p99Us.emulated)} | **${us(p.addedP99Us)}** | ${Math.round(p.rps.direct)} | ${Math.round(p.rps.emulated)} | ${p.proxyCpuCores.toFixed(3)} cores | ${us(p.proxyCpuUsPerInvoke)} |`),
  '',
].join('\n');
writeBenchResult('lambda-local', summary, md);
