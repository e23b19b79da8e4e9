// The image's cache key: a hash of everything it is made from.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../src/paths.ts';
import type { Host } from './host.ts';
import { CA_BUNDLE, PACKAGE_PARTS } from './layout.ts';

type Hash = ReturnType<typeof createHash>;

/** This folder: the code that builds the image. */
const SCRIPTS = path.dirname(fileURLToPath(import.meta.url));

/** Regular files under a folder (or the file itself), sorted, as absolute paths. */
function filesUnder(root: string): string[] {
  if (!fs.statSync(root).isDirectory()) return [root];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Each file under `root` by its path in the package and its contents. */
function hashTree(hash: Hash, root: string): void {
  for (const file of filesUnder(root)) {
    hash.update(`${path.relative(packageRoot, file)}\0`).update(fs.readFileSync(file)).update('\0');
  }
}

async function hashFile(hash: Hash, file: string): Promise<void> {
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
}

/**
 * The cache key: the scripts in this folder, the package's files that go in
 * (PACKAGE_PARTS), node and the other binaries with their libraries, the Go
 * version and the CA bundle.
 */
export async function inputsHash(host: Host): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`go ${host.go.version} ${host.go.root} ${host.go.hostOs}/${host.go.hostArch}\0`);
  hashTree(hash, SCRIPTS);
  for (const part of PACKAGE_PARTS) hashTree(hash, path.join(packageRoot, part));
  for (const [from, to] of [...host.binaries].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${to}\0`);
    await hashFile(hash, from);
  }
  hash.update(fs.readFileSync(CA_BUNDLE));
  return hash.digest('hex').slice(0, 24);
}
