// Builds the container image of gosweep itself, for running shards where
// Docker is not the target (a Kubernetes Indexed Job or a Cloud Run Job
// driving Lambda or Cloud Run): npm run image. Everything in it is taken from
// this machine as `npm run setup` left it; nothing is pulled.
//
// The image (FROM scratch, one layer) holds:
//   /usr/local/bin/node            the pinned Node 24 (node_modules/node), with the
//                                  shared libraries and loader ldd lists, at their paths
//   /usr/local/bin/gosweep         -> /opt/gosweep/dist/cli.js (#!/usr/bin/env node), so
//                                  `command: [gosweep, ...]` works as in examples/
//   /usr/bin/{dash,env,mkdir}, /bin/sh -> dash: the examples' `sh -c` (Cloud Run
//                                  writes the engine's TLS files with mkdir and printf)
//   /usr/local/go                  `go env GOROOT`, less tests, docs and API lists
//   /opt/go/pkg/mod (GOMODCACHE)   the modules of go-workloads and its tools, so a
//                                  build inside needs no network (owned by uid 10001)
//   /opt/gosweep                   package.json, dist/, production node_modules,
//                                  go-workloads/, matrices/, schema/
//   /etc/passwd, /etc/group        root, gosweep (10001), nobody
//   /etc/ssl/certs/ca-certificates.crt, /tmp (1777), /work (uid 10001)
//
// The image carries a label with a hash of its inputs; when an image with the
// same hash exists it is tagged again instead of rebuilt.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { execa } from 'execa';
import { pack } from 'tar-stream';
import { inspectImage } from '../src/build/engine.ts';
import { buildFromContext } from '../src/build/image.ts';
import { HarnessError } from '../src/errors.ts';
import { packageRoot } from '../src/paths.ts';

export const IMAGE_REPO = 'gosweep';
/** Holds the hash of everything the image is made from: the build's cache key. */
export const LABEL_INPUTS = 'gosweep.image.inputs';
export const LABEL_REVISION = 'org.opencontainers.image.revision';
export const LABEL_VERSION = 'org.opencontainers.image.version';

/** The user the image runs as; it owns /work and the module cache. */
export const IMAGE_UID = 10001;
const GOROOT_IN_IMAGE = '/usr/local/go';
const GOMODCACHE_IN_IMAGE = '/opt/go/pkg/mod';
const PACKAGE_IN_IMAGE = '/opt/gosweep';
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Parts of the package copied as they are (node_modules is installed afresh with --omit=dev). */
const PACKAGE_PARTS = ['package.json', 'package-lock.json', 'dist', 'go-workloads', 'matrices', 'schema'];
/**
 * Go modules whose dependencies go into the module cache. The local registry
 * (go-workloads/tools/registry) serves only the docker target, which cannot
 * run inside a container (its load goes to the engine host's 127.0.0.1).
 */
const GO_MODULES = ['go-workloads', 'go-workloads/tools/loadgen', 'go-workloads/tools/proxy', 'go-workloads/tools/lambda-init'];
/** Programs besides node, for the examples' `sh -c`: dash is /bin/sh, env runs cli.js's #! line. */
const HOST_PROGRAMS = ['dash', 'env', 'mkdir'];
/** Folders of GOROOT that building does not use. */
const GOROOT_DROPPED = ['test', 'doc', 'api'];

const ENV = {
  PATH: `${GOROOT_IN_IMAGE}/bin:/usr/local/bin:/usr/bin:/bin`,
  HOME: '/tmp',
  NODE_ENV: 'production',
  GOCACHE: '/tmp/go-cache',
  GOPATH: '/tmp/go',
  GOMODCACHE: GOMODCACHE_IN_IMAGE,
};

const PASSWD = [
  'root:x:0:0:root:/root:/usr/sbin/nologin',
  `gosweep:x:${IMAGE_UID}:${IMAGE_UID}:gosweep:/tmp:/usr/sbin/nologin`,
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  '',
].join('\n');
const GROUP = ['root:x:0:', `gosweep:x:${IMAGE_UID}:`, 'nogroup:x:65534:', ''].join('\n');

export interface ImageResult {
  id: string;
  tags: string[];
  bytes: number;
  /** An image with the same inputs existed: it was tagged, not rebuilt. */
  cached: boolean;
  inputs: string;
  seconds: number;
}

export interface ImageOptions {
  docker?: Docker;
  log?: (line: string) => void;
}

interface Host {
  node: string;
  nodeVersion: string;
  go: { root: string; version: string; hostOs: string; hostArch: string; modCache: string };
  version: string;
  revision: string;
  /** Absolute path on this machine -> path in the image, for node, the programs and their libraries. */
  binaries: Map<string, string>;
}

const fail = (message: string, hint: string, cause?: unknown) => new HarnessError(message, { stage: 'build', hint, cause });

/** The pinned Node 24: node_modules/node's binary, else the node running this when it is 24 or newer. */
async function nodeBinary(): Promise<{ path: string; version: string }> {
  const pinned = path.join(packageRoot, 'node_modules', 'node', 'bin', 'node');
  for (const candidate of [pinned, process.execPath]) {
    if (!fs.existsSync(candidate)) continue;
    const real = fs.realpathSync(candidate);
    const r = await execa(real, ['-p', 'process.versions.node'], { reject: false });
    if (r.exitCode === 0 && Number(r.stdout.split('.')[0]) >= 24) return { path: real, version: r.stdout.trim() };
  }
  throw fail('no Node 24 binary to put in the image (node_modules/node has none, and this node is older)', 'run npm run setup (npm ci installs the pinned Node 24)');
}

async function goToolchain(): Promise<Host['go']> {
  const r = await execa('go', ['env', 'GOROOT', 'GOVERSION', 'GOHOSTOS', 'GOHOSTARCH', 'GOMODCACHE'], { reject: false });
  if (r.exitCode !== 0) throw fail(`go env failed: ${r.stderr || r.message}`, 'install Go 1.25 or newer and put its bin folder on PATH (export PATH=$PATH:/usr/local/go/bin), then npm run setup');
  const [root = '', version = '', hostOs = '', hostArch = '', modCache = ''] = r.stdout.split('\n').map((l) => l.trim());
  return { root, version, hostOs, hostArch, modCache };
}

/** The shared libraries and loader `ldd` lists for a program (absolute paths on this machine). */
async function sharedLibraries(program: string): Promise<string[]> {
  const r = await execa('ldd', [program], { reject: false });
  // A static program: nothing to add.
  if (r.exitCode !== 0 && /not a dynamic executable/.test(`${r.stdout}${r.stderr}`)) return [];
  if (r.exitCode !== 0) throw fail(`ldd ${program} failed: ${r.stderr || r.message}`, 'install libc-bin (ldd), which Debian has by default');
  const libs: string[] = [];
  for (const line of r.stdout.split('\n')) {
    if (/not found/.test(line)) throw fail(`${program} needs a library this machine lacks: ${line.trim()}`, 'install the library, then run npm run image again');
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match?.[1]) libs.push(match[1]);
  }
  return libs;
}

/** Where a program of this machine is (dash, env...). */
function hostProgram(name: string): string {
  for (const dir of ['/usr/bin', '/bin']) {
    const full = path.join(dir, name);
    if (fs.existsSync(full)) return full;
  }
  throw fail(`${name} is not on this machine`, 'Debian has it by default (dash, coreutils); install it');
}

/** Node, the programs and their libraries, each with its path in the image. */
async function binaries(node: string): Promise<Map<string, string>> {
  const map = new Map<string, string>([[node, '/usr/local/bin/node']]);
  const programs = [node, ...HOST_PROGRAMS.map(hostProgram)];
  for (const program of programs.slice(1)) map.set(program, `/usr/bin/${path.basename(program)}`);
  for (const program of programs) for (const lib of await sharedLibraries(program)) map.set(lib, lib);
  return map;
}

async function hostFacts(): Promise<Host> {
  const node = await nodeBinary();
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const git = await execa('git', ['rev-parse', 'HEAD'], { cwd: packageRoot, reject: false });
  for (const part of PACKAGE_PARTS) {
    if (!fs.existsSync(path.join(packageRoot, part))) throw fail(`${part} is missing from ${packageRoot}`, part === 'dist' ? 'run npm run build (npm run image does)' : 'run npm run setup');
  }
  if (!fs.existsSync(CA_BUNDLE)) throw fail(`${CA_BUNDLE} is missing`, 'apt-get install -y ca-certificates');
  return {
    node: node.path,
    nodeVersion: node.version,
    go: await goToolchain(),
    version: pkg.version,
    revision: git.exitCode === 0 ? git.stdout.trim() : 'unknown',
    binaries: await binaries(node.path),
  };
}

/** Regular files under a folder (or the file itself), sorted, as absolute paths. */
function filesUnder(root: string): string[] {
  if (!fs.statSync(root).isDirectory()) return [root];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function hashFile(hash: ReturnType<typeof createHash>, file: string): Promise<void> {
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
}

/**
 * The cache key: this script, the package's files that go in (dist,
 * package.json and its lock, go-workloads, matrices, schema), node and the
 * other binaries with their libraries, the Go version and the CA bundle.
 */
async function inputsHash(host: Host): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`go ${host.go.version} ${host.go.root} ${host.go.hostOs}/${host.go.hostArch}\0`);
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  for (const part of PACKAGE_PARTS) {
    for (const file of filesUnder(path.join(packageRoot, part))) {
      hash.update(`${path.relative(packageRoot, file)}\0`).update(fs.readFileSync(file)).update('\0');
    }
  }
  for (const [from, to] of [...host.binaries].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${to}\0`);
    await hashFile(hash, from);
  }
  hash.update(fs.readFileSync(CA_BUNDLE));
  return hash.digest('hex').slice(0, 24);
}

/** Debian's merged /usr: /bin, /lib and /lib64 are links into /usr, so files go under /usr. */
const MERGED = ['bin', 'lib', 'lib64', 'sbin'];
function underUsr(imagePath: string): string {
  const top = imagePath.split('/')[1] ?? '';
  return MERGED.includes(top) ? `/usr${imagePath}` : imagePath;
}

function place(rootfs: string, imagePath: string): string {
  const dest = path.join(rootfs, underUsr(imagePath));
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  return dest;
}

/** GOROOT less what building does not use: tests and their data, docs, API lists, other hosts' tools. */
function copyGoroot(goroot: string, dest: string, hostTools: string): void {
  fs.cpSync(goroot, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => {
      const rel = path.relative(goroot, src).split(path.sep);
      if (rel.length === 1 && GOROOT_DROPPED.includes(rel[0] ?? '')) return false;
      if (rel[0] === 'pkg' && rel[1] === 'tool' && rel.length === 3 && rel[2] !== hostTools) return false;
      if (rel[0] === 'src' && (rel.includes('testdata') || (rel.at(-1) ?? '').endsWith('_test.go'))) return false;
      return true;
    },
  });
}

/**
 * A module cache with just the modules GO_MODULES need, filled from this
 * machine's (`go mod download` as setup ran it) through a file:// proxy: no
 * network, and go.sum is checked as on any download.
 */
async function fillModuleCache(modCache: string, hostModCache: string): Promise<void> {
  const env = { GOMODCACHE: modCache, GOPROXY: `file://${path.join(hostModCache, 'cache', 'download')}`, GOSUMDB: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
  for (const module of GO_MODULES) {
    const r = await execa('go', ['mod', 'download'], { cwd: path.join(packageRoot, module), env, reject: false });
    if (r.exitCode !== 0) throw fail(`go mod download in ${module} found a module missing from ${hostModCache}: ${r.stderr.trim()}`, 'run npm run setup (it downloads the workloads\' modules), then npm run image again');
  }
}

async function npmCiProduction(dir: string): Promise<void> {
  const r = await execa('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, reject: false, all: true });
  if (r.exitCode !== 0) throw fail(`npm ci --omit=dev failed:\n${r.all}`, 'run npm run setup (it fills the npm cache), then npm run image again');
}

/** Lays out the image's root filesystem in `rootfs`. */
async function assemble(rootfs: string, host: Host): Promise<void> {
  for (const dir of MERGED) {
    fs.mkdirSync(path.join(rootfs, 'usr', dir), { recursive: true });
    fs.symlinkSync(`usr/${dir}`, path.join(rootfs, dir));
  }
  for (const [from, to] of host.binaries) fs.copyFileSync(from, place(rootfs, to));
  fs.symlinkSync('dash', place(rootfs, '/usr/bin/sh'));
  fs.symlinkSync(`${PACKAGE_IN_IMAGE}/dist/cli.js`, place(rootfs, '/usr/local/bin/gosweep'));

  copyGoroot(host.go.root, path.join(rootfs, GOROOT_IN_IMAGE), `${host.go.hostOs}_${host.go.hostArch}`);
  await fillModuleCache(path.join(rootfs, GOMODCACHE_IN_IMAGE), host.go.modCache);

  const pkgDir = path.join(rootfs, PACKAGE_IN_IMAGE);
  fs.mkdirSync(pkgDir, { recursive: true });
  for (const part of PACKAGE_PARTS) fs.cpSync(path.join(packageRoot, part), path.join(pkgDir, part), { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(path.join(pkgDir, 'dist', 'cli.js'), 0o755);
  await npmCiProduction(pkgDir);

  fs.writeFileSync(place(rootfs, '/etc/passwd'), PASSWD);
  fs.writeFileSync(place(rootfs, '/etc/group'), GROUP);
  fs.copyFileSync(CA_BUNDLE, place(rootfs, CA_BUNDLE));
  for (const dir of ['tmp', 'work', 'root']) fs.mkdirSync(path.join(rootfs, dir), { recursive: true });
  fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  fs.chmodSync(path.join(rootfs, 'root'), 0o700);
}

/** Writes `rootfs` as a tarball: root owns everything but /work and the module cache, which the image's user owns. */
async function tarball(rootfs: string, out: string): Promise<void> {
  const owned = (rel: string) => ['work', GOMODCACHE_IN_IMAGE.slice(1)].some((p) => rel === p || rel.startsWith(`${p}/`));
  const tar = pack();
  const written = new Promise<void>((resolve, reject) => {
    const sink = fs.createWriteStream(out);
    sink.on('error', reject).on('finish', resolve);
    tar.on('error', reject);
    tar.pipe(sink);
  });
  const add = (header: Parameters<typeof tar.entry>[0], file?: string) =>
    new Promise<void>((resolve, reject) => {
      const entry = tar.entry(header, (err) => (err ? reject(err) : resolve()));
      // Folders and links have no body: the callback comes once the header is written.
      if (file) fs.createReadStream(file).on('error', reject).pipe(entry);
    });
  const walk = async (dir: string): Promise<void> => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(rootfs, full).split(path.sep).join('/');
      const st = fs.lstatSync(full);
      const id = owned(rel) ? IMAGE_UID : 0;
      const common = { name: rel, mode: st.mode & 0o7777, uid: id, gid: id, mtime: st.mtime };
      if (st.isSymbolicLink()) await add({ ...common, type: 'symlink', linkname: fs.readlinkSync(full) });
      else if (st.isDirectory()) {
        await add({ ...common, type: 'directory' });
        await walk(full);
      } else if (st.isFile()) await add({ ...common, type: 'file', size: st.size }, full);
    }
  };
  await walk(rootfs);
  tar.finalize();
  await written;
}

function dockerfile(host: Host, inputs: string): string {
  const labels = {
    'org.opencontainers.image.title': 'gosweep',
    'org.opencontainers.image.description': 'gosweep with Node 24 and Go, for shards that drive Lambda or Cloud Run',
    [LABEL_VERSION]: host.version,
    [LABEL_REVISION]: host.revision,
    [LABEL_INPUTS]: inputs,
    'gosweep.image.node': host.nodeVersion,
    'gosweep.image.go': host.go.version,
  };
  return [
    'FROM scratch',
    // A local tarball is unpacked with its owners and modes (/tmp 1777, /work 10001).
    'ADD rootfs.tar /',
    `ENV ${Object.entries(ENV).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`,
    'WORKDIR /work',
    `USER ${IMAGE_UID}:${IMAGE_UID}`,
    `ENTRYPOINT ["/usr/local/bin/node", "${PACKAGE_IN_IMAGE}/dist/cli.js"]`,
    // Last: the builder keeps an image per instruction, and only the finished one may carry the inputs' label.
    `LABEL ${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}`,
    '',
  ].join('\n');
}

async function reachEngine(docker: Docker): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    const where = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    throw fail(`no Docker engine answered at ${where}: ${(err as Error).message}`, 'run npm run setup (it installs and starts the Docker engine), or point DOCKER_HOST at a running one', err);
  }
}

/** The newest image carrying these inputs, preferring one labelled with this revision. */
async function existing(docker: Docker, inputs: string, revision: string): Promise<{ id: string; revision: string } | null> {
  const images = await docker.listImages({ all: true, filters: JSON.stringify({ label: [`${LABEL_INPUTS}=${inputs}`] }) });
  images.sort((a, b) => b.Created - a.Created);
  const pick = images.find((i) => i.Labels?.[LABEL_REVISION] === revision) ?? images[0];
  return pick ? { id: pick.Id, revision: pick.Labels?.[LABEL_REVISION] ?? '' } : null;
}

/**
 * Removes earlier builds of this image that no tag names any more (each is
 * about 0.5 GB). One that another image is built on stays, as do any tagged.
 */
async function pruneSuperseded(docker: Docker, keep: string, log: (line: string) => void): Promise<void> {
  const images = await docker.listImages({ all: true, filters: JSON.stringify({ label: [LABEL_INPUTS], dangling: ['true'] }) });
  for (const image of images.filter((i) => i.Id !== keep)) {
    const removed = await docker.getImage(image.Id).remove().then(() => true, () => false);
    if (removed) log(`image: removed ${image.Id.slice(7, 19)}, an earlier build no tag names`);
  }
}

/**
 * Builds gosweep's image (or finds one made from the same inputs) and tags it
 * gosweep:<version> and gosweep:latest. Needs a Docker engine; uses only files
 * of this machine.
 */
export async function buildGosweepImage(opts: ImageOptions = {}): Promise<ImageResult> {
  const started = performance.now();
  const log = opts.log ?? ((line: string) => console.log(line));
  const docker = opts.docker ?? new Docker();
  await reachEngine(docker);
  const host = await hostFacts();
  const inputs = await inputsHash(host);
  const tags = [`${IMAGE_REPO}:${host.version}`, `${IMAGE_REPO}:latest`];
  let id: string;
  let cached = true;
  const found = await existing(docker, inputs, host.revision);
  if (found && found.revision === host.revision) {
    log(`image: ${found.id.slice(7, 19)} has these inputs (${inputs}); tagging it`);
    id = found.id;
  } else if (found) {
    // Same contents, another commit: a one-line image on top carries this revision.
    log(`image: ${found.id.slice(7, 19)} has these inputs (${inputs}); labelling it with revision ${host.revision.slice(0, 12)}`);
    await buildFromContext(docker, tags[0] as string, [{ name: 'Dockerfile', content: `FROM ${found.id}\nLABEL ${LABEL_REVISION}=${JSON.stringify(host.revision)}\n` }]);
    id = (await docker.getImage(tags[0] as string).inspect()).Id;
  } else {
    cached = false;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-image-'));
    try {
      const rootfs = path.join(work, 'rootfs');
      log(`image: assembling the root filesystem in ${rootfs} (node ${host.nodeVersion}, ${host.go.version}, production node_modules)`);
      await assemble(rootfs, host);
      const tarPath = path.join(work, 'rootfs.tar');
      await tarball(rootfs, tarPath);
      fs.rmSync(rootfs, { recursive: true, force: true });
      log(`image: building ${tags[0]} from a ${(fs.statSync(tarPath).size / 1e6).toFixed(0)} MB root filesystem`);
      await buildFromContext(docker, tags[0] as string, [
        { name: 'Dockerfile', content: dockerfile(host, inputs) },
        { name: 'rootfs.tar', content: fs.readFileSync(tarPath) },
      ]);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    id = (await docker.getImage(tags[0] as string).inspect()).Id;
  }
  for (const tag of tags) {
    const [repo, name] = tag.split(':') as [string, string];
    await docker.getImage(id).tag({ repo, tag: name });
  }
  await pruneSuperseded(docker, id, log);
  const info = await inspectImage(docker, id);
  if (!info) throw fail(`the image ${id} vanished after it was built`, 'run npm run image again');
  return { id, tags, bytes: info.Size, cached, inputs, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.main) {
  try {
    const image = await buildGosweepImage();
    console.log(`${image.tags.join(' ')}  ${image.id}  ${(image.bytes / 1e6).toFixed(0)} MB${image.cached ? ' (inputs unchanged: not rebuilt)' : ''}  in ${image.seconds.toFixed(1)} s`);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    if (err instanceof HarnessError && err.hint) console.error(`  fix: ${err.hint}`);
    process.exitCode = 1;
  }
}
