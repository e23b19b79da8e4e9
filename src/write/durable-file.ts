import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from '../errors.ts';

/** Why a write failed, as the error a user reads: a full or read-only disk names its folder and the way on. */
export function writeFailure(err: unknown, file: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const dir = path.dirname(file);
  const why: Record<string, string> = {
    ENOSPC: 'no space is left on the device',
    EDQUOT: 'the disk quota is used up',
    EROFS: 'the filesystem is read-only',
    EACCES: 'permission is denied',
  };
  if (!code || !(code in why)) return err as Error;
  return new HarnessError(`cannot write ${file}: ${why[code]} (${code}); the rows written before it are intact`, {
    stage: 'write',
    hint: `free space in ${dir} (df -h ${dir}), or write elsewhere with --results-dir; then finish the sweep with --resume ${dir}`,
    cause: err,
  });
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
  const size = fs.fstatSync(fd).size;
  try {
    for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
    fs.fsyncSync(fd);
  } catch (err) {
    try {
      fs.ftruncateSync(fd, size);
    } catch {
      // The error below says what matters.
    }
    throw writeFailure(err, file);
  } finally {
    fs.closeSync(fd);
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
