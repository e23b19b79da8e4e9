import { createCipheriv, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { HarnessError } from '../errors.ts';
import { failpoint } from '../failpoints.ts';
import { findModuleRoot } from '../matrix/workloads.ts';
import { cacheDir, workloadsDir } from '../paths.ts';
import { DEFAULT_BUILD, type BuildVariant, type Workload } from '../types.ts';

export interface GoBinary {
  path: string;
  /** Content hash of sources, flags and toolchain: the cache key. */
  hash: string;
  goVersion: string;
  bytes: number;
}

/** A Go main package to build. */
export interface GoMain {
  name: string;
  moduleDir: string;
  /** Package path relative to moduleDir, e.g. ./cmd/hello. */
  pkg: string;
}

/** Always a static binary for Linux. */
const BUILD_ENV = { CGO_ENABLED: '0', GOOS: 'linux' };

const GOARCH_OF_NODE_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

/** GOARCH of this machine, for binaries run here (the load generator, the process target). */
export function hostGoarch(): string {
  return GOARCH_OF_NODE_ARCH[process.arch] ?? process.arch;
}

/** Where a workload's main package is and which module it belongs to. */
export function sourceOf(workload: Workload): GoMain {
  if (workload.source.kind === 'bundled') return { name: workload.name, moduleDir: workloadsDir, pkg: `./cmd/${workload.source.name}` };
  // Matrix validation keeps image and Dockerfile workloads off targets that need a Go build.
  if (workload.source.kind !== 'path') throw new Error(`${workload.name} is an ${workload.source.kind} workload, not Go source`);
  const moduleDir = findModuleRoot(workload.source.mainDir) ?? workload.source.mainDir;
  return { name: workload.name, moduleDir, pkg: `./${path.relative(moduleDir, workload.source.mainDir) || '.'}` };
}

/** `go build` flags of a variant. */
export function buildFlags(v: BuildVariant): string[] {
  const tags = [...v.tags, ...(v.padBytes > 0 ? ['pad'] : [])];
  return [...(v.trimpath ? ['-trimpath'] : []), ...(v.strip ? ['-ldflags=-s -w'] : []), ...(tags.length > 0 ? [`-tags=${tags.join(',')}`] : [])];
}

/** An incompressible, repeatable payload: AES-CTR over zeros with a fixed key. */
function payload(bytes: number): Buffer {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(bytes)), cipher.final()]);
}

/** A variant in words, for logs: `-tags=automemlimit -s -w go1.24.13`. */
export function describeBuild(v: BuildVariant): string[] {
  return [...(v.tags.length > 0 ? [`-tags=${v.tags.join(',')}`] : []), ...(v.strip ? ['-s -w'] : []), ...(v.trimpath ? [] : ['no-trimpath']), ...(v.go ? [v.go] : []), ...(v.base === 'scratch' ? [] : [`base=${v.base}`]), ...(v.upx ? ['upx'] : []), ...(v.padBytes > 0 ? [`pad=${v.padBytes}B`] : [])];
}

/** `1.25` from `go 1.25` or `go1.24.13`. */
function languageVersion(version: string): [number, number] {
  const match = /(\d+)\.(\d+)/.exec(version);
  return [Number(match?.[1] ?? 0), Number(match?.[2] ?? 0)];
}

/**
 * The module to build in: the original, or a copy when the variant needs one.
 * A module whose `go` line is newer than the toolchain cannot be built by it,
 * so for an older Go the copy's `go` line is lowered to the toolchain's, as a
 * project still on that Go would have it. A padded build writes its payload
 * into the copy's internal/pad.
 *
 * Modules the main module takes from a folder (`replace x => ./x` or
 * `=> ../elsewhere`) are copied too, into the copy's .replaced/, with their
 * `go` lines lowered alike, and the copy's go.mod points at them: a relative
 * replace would otherwise point nowhere from the copy, and a dependency whose
 * `go` line is newer than the toolchain fails the build just as the main
 * module does.
 */
async function moduleFor(main: GoMain, variant: BuildVariant, env: Record<string, string>): Promise<{ dir: string; goLine: string }> {
  interface ModuleVersion { Path: string; Version?: string }
  interface GoMod { Go?: string; Replace?: Array<{ Old: ModuleVersion; New: ModuleVersion }> | null }
  const readGoMod = async (moduleDir: string) => JSON.parse((await execa('go', ['mod', 'edit', '-json'], { cwd: moduleDir, env })).stdout) as GoMod;
  const goMod = await readGoMod(main.moduleDir);
  let goLine = goMod.Go ?? '1.0';
  // The toolchain's language version when it is older than a go line to build.
  let lowered: string | null = null;
  const newerThanToolchain = (line: string) => {
    if (!variant.go) return false;
    const [tMajor, tMinor] = languageVersion(variant.go);
    const [mMajor, mMinor] = languageVersion(line);
    return tMajor < mMajor || (tMajor === mMajor && tMinor < mMinor);
  };
  // Go keeps the main module's go line at least as new as any dependency's.
  if (variant.go && newerThanToolchain(goLine)) lowered = languageVersion(variant.go).join('.');
  if (lowered === null && variant.padBytes === 0) return { dir: main.moduleDir, goLine };
  const dir = path.join(cacheDir(), 'src', `${path.basename(main.moduleDir)}-go${lowered ?? goLine}-pad${variant.padBytes}`);
  fs.rmSync(dir, { recursive: true, force: true });
  // Nested modules (a folder with its own go.mod) are not part of the module copied.
  const copyModule = (from: string, to: string) => {
    const skip = (src: string) => /[/\\](\.git|node_modules)$/.test(src) || (src !== from && fs.existsSync(path.join(src, 'go.mod')));
    fs.cpSync(from, to, { recursive: true, filter: (src) => !skip(src) });
  };
  // Lowers only: raising an older go line would change its language semantics.
  const lowerGoLine = async (moduleDir: string, line: string) => {
    if (lowered !== null && newerThanToolchain(line)) await execa('go', ['mod', 'edit', `-go=${lowered}`, '-toolchain=none'], { cwd: moduleDir, env });
  };
  copyModule(main.moduleDir, dir);
  await lowerGoLine(dir, goLine);
  goLine = lowered ?? goLine;
  const replaces: string[] = [];
  // Replaces by a folder have no New.Version.
  for (const { Old: old, New: replacement } of (goMod.Replace ?? []).filter((r) => !r.New.Version)) {
    const oldSpec = old.Version ? `${old.Path}@${old.Version}` : old.Path;
    const from = path.resolve(main.moduleDir, replacement.Path);
    if (!fs.existsSync(path.join(from, 'go.mod'))) {
      // Let go build report the missing replacement at its real place.
      replaces.push(`-replace=${oldSpec}=${from}`);
      continue;
    }
    const to = path.join(dir, '.replaced', oldSpec.replace(/[^A-Za-z0-9._-]/g, '_'));
    copyModule(from, to);
    if (lowered !== null) await lowerGoLine(to, (await readGoMod(to)).Go ?? '1.0');
    replaces.push(`-replace=${oldSpec}=./${path.relative(dir, to).split(path.sep).join('/')}`);
  }
  if (replaces.length > 0) await execa('go', ['mod', 'edit', ...replaces], { cwd: dir, env });
  if (variant.padBytes > 0) fs.writeFileSync(path.join(dir, 'internal', 'pad', 'payload.bin'), payload(variant.padBytes));
  return { dir, goLine };
}

/**
 * Builds a static linux binary with CGO_ENABLED=0, unless one with the same
 * sources, flags and Go version is already cached.
 */
export async function buildBinary(main: GoMain, goarch: string, variant: BuildVariant = DEFAULT_BUILD): Promise<GoBinary & { cached: boolean }> {
  const flags = buildFlags(variant);
  const env: Record<string, string> = { ...BUILD_ENV, GOARCH: goarch, ...(variant.go ? { GOTOOLCHAIN: variant.go } : {}) };
  try {
    const module = await moduleFor(main, variant, env);
    const go = async (args: string[]) => (await execa('go', args, { cwd: module.dir, env })).stdout.trim();
    const goVersion = await go(['env', 'GOVERSION']);
    const hash = await hashInputs(go, [...flags, main.pkg], [goVersion, goarch, module.goLine, ...flags, variant.upx ? 'upx' : '', JSON.stringify(BUILD_ENV)]);
    const out = path.join(cacheDir(), 'builds', hash, 'app');
    const cached = fs.existsSync(out);
    if (!cached) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      await go(['build', ...flags, '-o', `${out}.tmp`, main.pkg]);
      if (variant.upx) await execa('upx', ['--best', '-q', `${out}.tmp`]);
      failpoint('build');
      fs.renameSync(`${out}.tmp`, out);
    }
    return { path: out, hash, goVersion, bytes: fs.statSync(out).size, cached };
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new HarnessError(`go build of ${main.name} ${describeBuild(variant).join(' ')} failed${stderr ? `:\n${stderr}` : ''}`.replace('  ', ' '), {
      stage: 'build',
      hint: variant.go
        ? `check that ${variant.go} exists (GOTOOLCHAIN=${variant.go} go version) and that the module builds with it`
        : `run "go build ${main.pkg}" in ${main.moduleDir} to see the error`,
      cause: err,
    });
  }
}

/**
 * Hashes the files of the main module and of modules replaced by a folder that
 * the package depends on (under its build flags), their go.mod files, go.sum
 * and `extra`. Modules from the module cache are pinned by go.mod and go.sum.
 */
async function hashInputs(go: (args: string[]) => Promise<string>, listArgs: string[], extra: string[]): Promise<string> {
  const listing = await go([
    'list', '-deps', '-f',
    '{{if .Module}}{{if or .Module.Main (and .Module.Replace (not .Module.Replace.Version))}}{{.Dir}}|{{join .GoFiles ","}}|{{join .EmbedFiles ","}}|{{.Module.GoMod}}{{end}}{{end}}',
    ...listArgs,
  ]);
  const moduleRoot = await go(['env', 'GOMOD']);
  const files = new Set([moduleRoot, path.join(path.dirname(moduleRoot), 'go.sum')]);
  for (const line of listing.split('\n').filter(Boolean)) {
    const [dir = '', goFiles = '', embeds = '', modFile = ''] = line.split('|');
    for (const f of [...goFiles.split(','), ...embeds.split(',')].filter(Boolean)) files.add(path.join(dir, f));
    if (modFile) files.add(modFile);
  }
  const hash = createHash('sha256');
  for (const extraPart of extra) hash.update(`${extraPart}\0`);
  for (const file of [...files].sort()) {
    if (!fs.existsSync(file)) continue;
    hash.update(`${path.relative(path.dirname(moduleRoot), file)}\0`).update(fs.readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
