import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.ts';

/** Why a write was refused, and what to do, by error code. */
const REFUSALS: Record<string, { why: string; fix: (dir: string) => string }> = {
  ENOSPC: { why: 'no space is left on the device', fix: (dir) => `free space there (df -h ${dir}), or copy the folder to a disk with space; then finish the sweep: gosweep run <matrix> --resume ${dir}` },
  EDQUOT: { why: 'the disk quota is used up', fix: (dir) => `free some of your quota (quota -s), or copy the folder elsewhere; then finish the sweep: gosweep run <matrix> --resume ${dir}` },
  EROFS: { why: 'the filesystem is read-only', fix: (dir) => `copy the folder to a writable disk and finish it there: gosweep run <matrix> --resume <copy of ${dir}>` },
  EACCES: { why: 'permission is denied', fix: (dir) => `make ${dir} writable for this user (ls -ld ${dir}); then finish the sweep: gosweep run <matrix> --resume ${dir}` },
};

/** Why a write failed, as the error a user reads: a full, read-only or forbidden disk names its folder and the way on. */
export function writeFailure(err: unknown, file: string): Error {
  const refusal = REFUSALS[(err as NodeJS.ErrnoException).code ?? ''];
  if (!refusal) return err as Error;
  const dir = path.dirname(file);
  return new HarnessError(`cannot write ${file}: ${refusal.why} (${(err as NodeJS.ErrnoException).code}); the rows written before it are intact`, { stage: 'write', hint: refusal.fix(dir), cause: err });
}

/**
 * Appends text to a file and fsyncs it. A write cut short (a full disk) is
 * undone, so the file never ends in half a line.
 */
export function appendDurably(file: string, text: string): void {
  const bytes = Buffer.from(text);
  let fd: number;
  try {
    fd = fs.openSync(file, 'a');
  } catch (err) {
    throw writeFailure(err, file);
  }
  let size: number | null = null;
  try {
    size = fs.fstatSync(fd).size;
    for (let at = 0; at < bytes.length; ) {
      const written = fs.writeSync(fd, bytes, at);
      if (written === 0) throw Object.assign(new Error('write wrote nothing'), { code: 'ENOSPC' });
      at += written;
    }
    fs.fsyncSync(fd);
  } catch (err) {
    try {
      if (size !== null) fs.ftruncateSync(fd, size);
    } catch {
      // The error below says what matters.
    }
    throw writeFailure(err, file);
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // Closing cannot lose what fsync kept; an error of the write above matters more.
    }
  }
}

/** Replaces a file whole: write a sibling, fsync, rename; a crash leaves the old file or the new one. */
export function replaceDurably(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw writeFailure(err, file);
  }
}
