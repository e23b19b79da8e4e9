// What the image takes from this machine: node, the Go toolchain, a few
// programs with their shared libraries, and facts about the package.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../../src/paths.ts';
import { fail } from './fail.ts';
import { CA_BUNDLE, PACKAGE_PARTS } from './layout.ts';

/** Programs besides node, for the examples' `sh -c`: dash is /bin/sh, env runs cli.js's #! line. */
const HOST_PROGRAMS = ['dash', 'env', 'mkdir'];

export interface Host {
  node: string;
  nodeVersion: string;
  go: { root: string; version: string; hostOs: string; hostArch: string; modCache: string };
  version: string;
  revision: string;
  /** Absolute path on this machine -> path in the image, for node, the programs and their libraries. */
  binaries: Map<string, string>;
}

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

/** What the image is made from, after checking the package's parts and the CA bundle are there. */
export async function hostFacts(): Promise<Host> {
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
