// `gosweep merge`: the shards of one sweep (--shard k/n, each run on its own
// machine or job) joined back into one results folder, after checking that
// they are the same sweep, whole, and each run once.
import fs from 'node:fs';
import path from 'node:path';
import type { Problem } from '../errors.ts';
import type { SweepMeta } from '../types.ts';
import { META_FILE, readMeta, writeMeta } from './meta.ts';
import { COLD_STARTS_FILE, HISTOGRAMS_FILE, readResultRows, RESULTS_FILE } from './results-writer.ts';
import { writeSummary } from './summary-writer.ts';

/** One shard's folder, as read. */
export interface ShardFolder {
  dir: string;
  meta: SweepMeta;
  runIds: string[];
}

const problem = (file: string, message: string, fix: string): Problem => ({ file, line: 0, col: 0, path: '', message, fix });

/** Reads a shard folder; a problem when it is no results folder. */
export function readShard(dir: string): ShardFolder | Problem {
  if (!fs.existsSync(path.join(dir, META_FILE)) || !fs.existsSync(path.join(dir, RESULTS_FILE))) {
    return problem(dir, 'not a results folder (no meta.json and results.csv)', 'pass the folders the shards wrote, e.g. results/nightly-20261129-101500-shard1of3');
  }
  return { dir, meta: readMeta(dir), runIds: readResultRows(dir).flatMap((r) => (r.run_id === null ? [] : [r.run_id])) };
}

/** Everything that stops these folders from being one sweep, whole, each run once. */
export function shardProblems(shards: ShardFolder[]): Problem[] {
  const problems: Problem[] = [];
  const [first] = shards;
  if (!first) return [problem('', 'no shard folders given', 'pass every shard\'s results folder')];
  const count = first.meta.shard?.count ?? 0;
  for (const s of shards) {
    const { meta } = s;
    if (!meta.shard) problems.push(problem(s.dir, 'this sweep was not sharded', 'merge the folders of one sweep run with --shard k/n'));
    else if (meta.shard.count !== count) problems.push(problem(s.dir, `a shard of ${meta.shard.count}, where ${first.dir} is one of ${count}`, 'merge the shards of one sweep'));
    if (meta.matrix.hash !== first.meta.matrix.hash) problems.push(problem(s.dir, `its matrix (${meta.matrix.hash.slice(0, 12)}) is not ${first.dir}'s (${first.meta.matrix.hash.slice(0, 12)})`, 'every shard must run the same matrix file'));
    const settings = differentSettings(first.meta, meta);
    if (settings) problems.push(problem(s.dir, `it ran with ${settings}, so the cells were split and run otherwise`, 'run every shard with the same --runs, --duration, --warmup and --cold-starts (or none)'));
    if (meta.seed !== first.meta.seed) problems.push(problem(s.dir, `seed ${meta.seed}, where ${first.dir} has ${first.meta.seed}`, 'run every shard with the same --seed (or none)'));
    if (meta.finishedAt === null) problems.push(problem(s.dir, `shard ${meta.shard?.index ?? '?'} did not finish${meta.stoppedEarly ? ` (${meta.stoppedEarly.split('\n')[0]})` : ''}`, `finish it: gosweep run ${meta.matrix.file} --resume ${s.dir}`));
    else if (s.runIds.length !== meta.runs) problems.push(problem(s.dir, `${s.runIds.length} rows for ${meta.runs} planned runs`, `finish it: gosweep run ${meta.matrix.file} --resume ${s.dir}`));
  }
  const indices = shards.map((s) => s.meta.shard?.index);
  for (let k = 1; k <= count; k++) {
    const at = indices.filter((i) => i === k).length;
    if (at === 0) problems.push(problem(first.dir, `shard ${k} of ${count} is missing`, `add its folder (…-shard${k}of${count})`));
    if (at > 1) problems.push(problem(first.dir, `shard ${k} of ${count} is given ${at} times`, 'pass each shard\'s folder once'));
  }
  const seen = new Map<string, string>();
  for (const s of shards) {
    for (const id of s.runIds) {
      const other = seen.get(id);
      if (other !== undefined) problems.push(problem(s.dir, `run ${id} is also in ${other}`, 'a cell belongs to one shard: merge the shards of one sweep, each once'));
      seen.set(id, s.dir);
    }
  }
  const header = (s: ShardFolder) => fs.readFileSync(path.join(s.dir, RESULTS_FILE), 'utf8').split('\n', 1)[0];
  for (const s of shards) if (header(s) !== header(first)) problems.push(problem(s.dir, 'its results.csv has other columns than the first shard\'s (another gosweep version)', 'run every shard with the same gosweep'));
  return problems;
}

/** Where two shards' run settings differ, as `durationSeconds 5 (not 10)`; null when they agree or one predates the record. */
function differentSettings(first: SweepMeta, other: SweepMeta): string | null {
  if (!first.settings || !other.settings) return null;
  const theirs = first.settings as unknown as Record<string, unknown>;
  const diffs = Object.entries(other.settings).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(theirs[key]));
  return diffs.length ? diffs.map(([key, value]) => `${key} ${JSON.stringify(value)} (not ${JSON.stringify(theirs[key])})`).join(', ') : null;
}

/** Where the shards' machines differ in what moves the numbers: CPU model, kernel, engine, and how it was reached (a remote engine's cold starts read higher: bench:remote). */
export function hostDifferences(shards: ShardFolder[]): string[] {
  const facts = (m: SweepMeta) => {
    // The workloads' host: a remote engine's, not the machine that drove it.
    const engine = m.host.targets.docker;
    const where = engine?.remote === true ? { cpuModel: String(engine.cpuModel ?? 'unknown'), cpus: engine.cpus, kernel: String(engine.kernel) } : m.host;
    const reached = engine === undefined ? '-' : engine.remote === true ? 'driver container (remote engine)' : 'socket (local engine)';
    return { 'CPU model': where.cpuModel, CPUs: String(where.cpus), kernel: where.kernel, Docker: String(engine?.serverVersion ?? '-'), 'engine access': reached };
  };
  const [first, ...rest] = shards;
  if (!first) return [];
  return Object.entries(facts(first.meta)).flatMap(([fact, value]) => {
    const others = [...new Set(rest.map((s) => facts(s.meta)[fact as keyof ReturnType<typeof facts>]).filter((v) => v !== value))];
    return others.length ? [`the shards ran on different ${fact}: ${[value, ...others].join(', ')}; compare their cells with care`] : [];
  });
}

/** A CSV's lines after its header; the empty string when the file is not there. */
function body(file: string): string {
  if (!fs.existsSync(file)) return '';
  const text = fs.readFileSync(file, 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

/** Writes the merged folder: the shards' rows in shard order (each keeps its shard's sweep_id), histograms, one meta.json, summary.csv. */
export function writeMerged(shards: ShardFolder[], dir: string, sweepId: string): SweepMeta {
  const ordered = [...shards].sort((a, b) => (a.meta.shard?.index ?? 0) - (b.meta.shard?.index ?? 0));
  fs.mkdirSync(dir, { recursive: true });
  for (const file of [RESULTS_FILE, COLD_STARTS_FILE]) {
    const withHeader = ordered.find((s) => fs.existsSync(path.join(s.dir, file)));
    if (!withHeader) continue;
    const header = fs.readFileSync(path.join(withHeader.dir, file), 'utf8').split('\n', 1)[0];
    fs.writeFileSync(path.join(dir, file), `${header}\n${ordered.map((s) => body(path.join(s.dir, file))).join('')}`);
  }
  fs.writeFileSync(path.join(dir, HISTOGRAMS_FILE), ordered.map((s) => (fs.existsSync(path.join(s.dir, HISTOGRAMS_FILE)) ? fs.readFileSync(path.join(s.dir, HISTOGRAMS_FILE), 'utf8') : '')).join(''));
  const metas = ordered.map((s) => s.meta);
  const [first] = metas as [SweepMeta, ...SweepMeta[]];
  const meta: SweepMeta = {
    ...first,
    sweepId,
    shard: null,
    cells: metas.reduce((n, m) => n + m.cells, 0),
    runs: metas.reduce((n, m) => n + m.runs, 0),
    startedAt: metas.map((m) => m.startedAt).sort()[0] ?? first.startedAt,
    finishedAt: metas.map((m) => m.finishedAt ?? '').sort().at(-1) ?? null,
    mergedFrom: metas.map((m) => ({ sweepId: m.sweepId, shard: m.shard ?? { index: 0, count: 0 }, host: m.host })),
  };
  writeMeta(dir, meta);
  writeSummary(dir);
  return meta;
}
