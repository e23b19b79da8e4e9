import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.ts';
import type { ImageBase } from '../types.ts';


const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const ZONEINFO = '/usr/share/zoneinfo';
const PASSWD = 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n';

export interface ContextFile {
  name: string;
  content: Buffer | string;
  mode?: number;
}

/**
 * The files a base adds to the build context, taken from this host (nothing is
 * pulled): for `static`, CA certificates, zoneinfo and /etc/passwd.
 */
export function baseFiles(base: ImageBase): ContextFile[] {
  if (base !== 'static') return [];
  for (const needed of [CA_BUNDLE, ZONEINFO]) {
    if (!fs.existsSync(needed)) {
      throw new HarnessError(`the static image base needs ${needed} from this host`, { stage: 'build', hint: 'apt-get install -y ca-certificates tzdata' });
    }
  }
  const files: ContextFile[] = [
    { name: 'rootfs/etc/ssl/certs/ca-certificates.crt', content: fs.readFileSync(CA_BUNDLE) },
    { name: 'rootfs/etc/passwd', content: PASSWD },
  ];
  for (const entry of fs.readdirSync(ZONEINFO, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    const real = fs.statSync(full, { throwIfNoEntry: false });
    if (!real?.isFile()) continue;
    files.push({ name: `rootfs/usr/share/zoneinfo/${path.relative(ZONEINFO, full)}`, content: fs.readFileSync(full) });
  }
  return files;
}

/** Dockerfile lines that start the image and put the base's files in place; `from` is the image a debian-slim base starts from. */
export function baseInstructions(base: ImageBase, from: string | null): string[] {
  if (base === 'debian-slim') {
    if (!from) throw new Error('a debian-slim image needs its base image (debianSlimBase)');
    return [`FROM ${from}`];
  }
  return base === 'static' ? ['FROM scratch', 'COPY rootfs/ /'] : ['FROM scratch'];
}
