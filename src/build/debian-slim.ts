import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { HarnessError } from '../errors.ts';
import { cacheDir } from '../paths.ts';
import { followEngineProgress, inspectImage } from './engine.ts';

export const DEBIAN_SUITE = 'bookworm';
export const DEBIAN_SLIM_REPO = 'gosweep-base/debian-slim';
const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/** What debian:*-slim leaves out of a minimal Debian: documentation, man pages, translations, package lists, caches and logs. */
const SLIMMED = ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/lib/apt/lists', 'var/cache/apt', 'var/log'];

function debootstrapArgs(root: string, mirror: string): string[] {
  return ['--variant=minbase', DEBIAN_SUITE, root, mirror];
}

/** Empties the slimmed folders, keeping the folders themselves. */
function slim(root: string): void {
  for (const dir of SLIMMED) {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) continue;
    for (const entry of fs.readdirSync(full)) fs.rmSync(path.join(full, entry), { recursive: true, force: true });
  }
}

function rootfsTarball(): string {
  return path.join(cacheDir(), 'bases', `debian-slim-${DEBIAN_SUITE}.tar`);
}

/** Why the base cannot be made here (no cached root filesystem, and no debootstrap or root), or null. */
export async function debianSlimProblem(): Promise<string | null> {
  if (fs.existsSync(rootfsTarball())) return null;
  if (process.getuid?.() !== 0) return 'making it needs root (debootstrap); run one sweep with it as root, and later ones use the cached base';
  if ((await execa('debootstrap', ['--version'], { reject: false })).exitCode !== 0) return 'debootstrap is not installed: apt-get install -y debootstrap';
  return null;
}

/**
 * The Debian slim base's tag, making its root filesystem first if the build
 * cache has none: debootstrap from Debian's package mirror (set
 * GOSWEEP_DEBIAN_MIRROR for another), slimmed, kept as a tarball. The tag
 * carries the tarball's hash, so images built on an older base are not reused.
 */
export async function debianSlimBase(): Promise<string> {
  const tarball = rootfsTarball();
  if (!fs.existsSync(tarball)) await makeRootfsTarball(tarball);
  if (!fs.existsSync(`${tarball}.sha256`)) fs.writeFileSync(`${tarball}.sha256`, await sha256(tarball));
  return `${DEBIAN_SLIM_REPO}:${DEBIAN_SUITE}-${fs.readFileSync(`${tarball}.sha256`, 'utf8').trim().slice(0, 12)}`;
}

/** Imports the base's root filesystem as an image, unless the engine has it; nothing comes from a container registry. */
export async function importDebianSlim(docker: Docker, tag: string): Promise<void> {
  if (await inspectImage(docker, tag)) return;
  const stream = await docker.importImage(rootfsTarball(), { repo: DEBIAN_SLIM_REPO, tag: tag.split(':')[1] });
  await followEngineProgress(docker, stream, { action: `import of ${tag}`, hint: 'check the Docker engine has disk space (docker system df)' });
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function makeRootfsTarball(tarball: string): Promise<void> {
  const mirror = process.env.GOSWEEP_DEBIAN_MIRROR ?? DEFAULT_MIRROR;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-debian-'));
  try {
    await execa('debootstrap', debootstrapArgs(root, mirror));
    slim(root);
    fs.mkdirSync(path.dirname(tarball), { recursive: true });
    await execa('tar', ['-C', root, '--numeric-owner', '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '-cf', `${tarball}.tmp`, '.']);
    fs.writeFileSync(`${tarball}.sha256`, await sha256(`${tarball}.tmp`));
    fs.renameSync(`${tarball}.tmp`, tarball);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join('\n');
    throw new HarnessError(`cannot make the Debian slim base with debootstrap from ${mirror}: ${stderr || (err as Error).message}`, {
      stage: 'build',
      hint: 'install debootstrap (apt-get install -y debootstrap) and run as root, or set GOSWEEP_DEBIAN_MIRROR to a Debian mirror you can reach',
      cause: err,
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
