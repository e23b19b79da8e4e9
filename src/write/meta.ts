import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../paths.ts';
import type { Plan, SweepMeta } from '../types.ts';
import { replaceDurably } from './durable-file.ts';

export const META_FILE = 'meta.json';

/** The time in a results folder's name: 20261129-151846. */
export function folderTimestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export type { SweepMeta } from '../types.ts';

export async function describeSweep(plan: Plan, sweepId: string, targets: SweepMeta['host']['targets'], goVersion: string): Promise<SweepMeta> {
  const git = await execa('git', ['rev-parse', 'HEAD'], { cwd: packageRoot, reject: false });
  const dirty = await execa('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: packageRoot, reject: false });
  const revision = git.exitCode === 0 ? `${git.stdout.trim()}${dirty.stdout.trim() ? '-dirty' : ''}` : null;
  return {
    sweepId,
    matrix: { name: plan.matrix.name, file: plan.matrix.file, hash: plan.matrix.hash, claims: plan.matrix.claims, gate: plan.matrix.gate },
    seed: plan.seed,
    shard: plan.shard,
    cells: plan.cells.length,
    runs: plan.runs.length,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    stoppedEarly: null,
    host: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      memoryBytes: os.totalmem(),
      kernel: os.release(),
      node: process.version,
      go: goVersion,
      targets,
    },
    gitRevision: revision,
    argv: process.argv.slice(2),
    settings: plan.matrix.run,
  };
}

/** Writes meta.json atomically (write, then rename). */
export function writeMeta(dir: string, meta: SweepMeta): void {
  replaceDurably(path.join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
}

export function readMeta(dir: string): SweepMeta {
  return JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8')) as SweepMeta;
}
