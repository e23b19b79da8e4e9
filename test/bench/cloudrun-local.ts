// npm run bench:cloudrun-local — what cloudrun-local's proxy and control loop add.
// Serves hello directly (docker, --cpus 1) and through cloudrun-local (one
// instance, 1 CPU, concurrency 80) with instance-based CPU (the proxy alone) and
// request-based CPU (plus taking the CPU away between requests and giving it
// back), open loop at C9's 60 requests/s and at 600; the added latency is the
// difference of the medians of each run's p50 and p99, and the proxy's CPU is
// the Go proxy process's, per request. Writes results/bench/cloudrun-local-<time>.{json,md}.
import { median } from 'simple-statistics';
import type { NumericResultColumn } from '../../src/types.ts';
import { benchHost, formatUs as us, sweepRows, writeBenchResult } from './bench-files.ts';

const RUN = '{ repetitions: 3, coldStarts: 1, warmupSeconds: 1, durationSeconds: 5 }';
const AXES = '  cpus: [1]\n  memory: [512m]\n  concurrency: [32]\n  rps: [60, 600]\n';
const MATRICES = {
  direct: `name: bench-direct\nworkloads: [hello]\naxes:\n${AXES}run: ${RUN}\n`,
  proxied: `name: bench-proxied\nworkloads: [hello]\naxes:\n  target: [cloudrun-local]\n${AXES}  cloudrun:\n    cpu: [instance, request]\n    maxInstances: [1]\nrun: ${RUN}\n`,
};

const rows = await sweepRows(MATRICES);
const of = (side: string, rps: number, cpu: string | null, column: NumericResultColumn) =>
  median((rows[side] ?? []).filter((r) => r.param_rps === rps && (cpu === null || r.param_cloudrun_cpu === cpu) && r.status === 'completed').map((r) => r[column] ?? 0));
const points = [60, 600].flatMap((rps) =>
  ['instance', 'request'].map((cpu) => {
    const direct = { p50: of('direct', rps, null, 'latency_p50_us'), p99: of('direct', rps, null, 'latency_p99_us') };
    const proxied = { p50: of('proxied', rps, cpu, 'latency_p50_us'), p99: of('proxied', rps, cpu, 'latency_p99_us') };
    const proxyCores = of('proxied', rps, cpu, 'proxy_cpu_cores');
    const sent = of('proxied', rps, cpu, 'rps');
    return { rps, cpu, direct, proxied, addedP50Us: proxied.p50 - direct.p50, addedP99Us: proxied.p99 - direct.p99, resumeMs: of('proxied', rps, cpu, 'resume_ms_median'), proxyCpuCores: proxyCores, proxyCpuUsPerRequest: (proxyCores / sent) * 1e6 };
  }),
);
const summary = { date: new Date().toISOString(), host: benchHost(), points };
const md = [
  '# cloudrun-local: what the proxy and control loop add (hello, 1 CPU, one instance, medians of 3 runs)',
  '',
  '| rps | CPU mode | p50 direct | p50 proxied | added p50 | p99 direct | p99 proxied | added p99 | proxy CPU | per request |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...points.map((p) => `| ${p.rps} | ${p.cpu} | ${us(p.direct.p50)} | ${us(p.proxied.p50)} | **${us(p.addedP50Us)}** | ${us(p.direct.p99)} | ${us(p.proxied.p99)} | **${us(p.addedP99Us)}** | ${p.proxyCpuCores.toFixed(3)} cores | ${us(p.proxyCpuUsPerRequest)} |`),
  '',
].join('\n');
writeBenchResult('cloudrun-local', summary, md);
