// Lays out the image's root filesystem (FROM scratch, one layer):
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
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../src/paths.ts';
import { fail } from './fail.ts';
import type { Host } from './host.ts';
import { CA_BUNDLE, GOMODCACHE_IN_IMAGE, GOROOT_IN_IMAGE, IMAGE_UID, PACKAGE_IN_IMAGE, PACKAGE_PARTS } from './layout.ts';

/**
 * Go modules whose dependencies go into the module cache. The local registry
 * (go-workloads/tools/registry) serves only the docker target, which cannot
 * run inside a container (its load goes to the engine host's 127.0.0.1).
 */
const GO_MODULES = ['go-workloads', 'go-workloads/tools/loadgen', 'go-workloads/tools/proxy', 'go-workloads/tools/lambda-init'];
/** Folders of GOROOT that building does not use. */
const GOROOT_DROPPED = ['test', 'doc', 'api'];

const PASSWD = [
  'root:x:0:0:root:/root:/usr/sbin/nologin',
  `gosweep:x:${IMAGE_UID}:${IMAGE_UID}:gosweep:/tmp:/usr/sbin/nologin`,
  'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
  '',
].join('\n');
const GROUP = ['root:x:0:', `gosweep:x:${IMAGE_UID}:`, 'nogroup:x:65534:', ''].join('\n');

/** Debian's merged /usr: /bin, /lib and /lib64 are links into /usr, so files go under /usr. */
const MERGED = ['bin', 'lib', 'lib64', 'sbin'];
function underUsr(imagePath: string): string {
  const top = imagePath.split('/')[1] ?? '';
  return MERGED.includes(top) ? `/usr${imagePath}` : imagePath;
}

/** The path in `rootfs` for `imagePath`, its folder made. */
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
export async function assemble(rootfs: string, host: Host): Promise<void> {
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
