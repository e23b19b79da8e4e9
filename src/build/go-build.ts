import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../errors.ts';
import { findModuleRoot } from '../matrix/workloads.ts';
import { cacheDir, workloadsDir } from '../paths.ts';
import type { Workload } from '../types.ts';

export interface GoBinary {
  path: string;
  /** Content hash of sources, flags and toolchain: the cache key. */
  hash: string;
  goVersion: string;
  bytes: number;
}

/** Flags every build uses: a static, reproducible binary. */
const BUILD_FLAGS = ['-trimpath'];
const BUILD_ENV = { CGO_ENABLED: '0', GOOS: 'linux' };

/** A Go main package to build. */
export interface GoMain {
  name: string;
  moduleDir: string;
  /** Package path relative to moduleDir, e.g. ./cmd/hello. */
  pkg: string;
}

/** Where a workload's main package is and which module it belongs to. */
export function sourceOf(workload: Workload): GoMain {
  if (workload.source.kind === 'bundled') return { name: workload.name, moduleDir: workloadsDir, pkg: `./cmd/${workload.source.name}` };
  const moduleDir = findModuleRoot(workload.source.mainDir) ?? workload.source.mainDir;
  return { name: workload.name, moduleDir, pkg: `./${path.relative(moduleDir, workload.source.mainDir) || '.'}` };
}

/**
 * Builds a static linux binary with CGO_ENABLED=0, unless one with the same
 * sources, flags and Go version is already cached.
 */
export async function buildBinary(main: GoMain, goarch: string, tags: string[] = []): Promise<GoBinary & { cached: boolean }> {
  const { moduleDir, pkg } = main;
  const flags = [...BUILD_FLAGS, ...(tags.length > 0 ? [`-tags=${tags.join(',')}`] : [])];
  const env = { ...BUILD_ENV, GOARCH: goarch };
  const go = async (args: string[]) => (await execa('go', args, { cwd: moduleDir, env })).stdout.trim();
  try {
    const goVersion = await go(['env', 'GOVERSION']);
    const hash = await hashInputs(go, [...flags, pkg], [goVersion, goarch, ...flags, JSON.stringify(BUILD_ENV)]);
    const out = path.join(cacheDir(), 'builds', hash, 'app');
    const cached = fs.existsSync(out);
    if (!cached) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await go(['build', ...flags, '-o', `${out}.tmp`, pkg]);
      fs.renameSync(`${out}.tmp`, out);
    }
    return { path: out, hash, goVersion, bytes: fs.statSync(out).size, cached };
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new HarnessError(`go build of ${main.name} failed${stderr ? `:\n${stderr}` : ''}`, {
      stage: 'build',
      hint: `run "go build ${pkg}" in ${moduleDir} to see the error`,
      cause: err,
    });
  }
}

/** Hashes the main module's files that the package depends on (under its build flags), plus go.mod, go.sum and `extra`. */
async function hashInputs(go: (args: string[]) => Promise<string>, listArgs: string[], extra: string[]): Promise<string> {
  const listing = await go([
    'list', '-deps', '-f',
    '{{if .Module}}{{if .Module.Main}}{{.Dir}}|{{join .GoFiles ","}}|{{join .EmbedFiles ","}}{{end}}{{end}}',
    ...listArgs,
  ]);
  const moduleRoot = await go(['env', 'GOMOD']);
  const files = [moduleRoot, path.join(path.dirname(moduleRoot), 'go.sum')];
  for (const line of listing.split('\n').filter(Boolean)) {
    const [dir = '', goFiles = '', embeds = ''] = line.split('|');
    for (const f of [...goFiles.split(','), ...embeds.split(',')].filter(Boolean)) files.push(path.join(dir, f));
  }
  const hash = createHash('sha256');
  for (const extraPart of extra) hash.update(`${extraPart}\0`);
  for (const file of files.sort()) {
    if (!fs.existsSync(file)) continue;
    hash.update(`${path.relative(path.dirname(moduleRoot), file)}\0`).update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
