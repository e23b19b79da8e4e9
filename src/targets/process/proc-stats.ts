import fs from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 a second on every mainstream architecture). */
const TICKS_PER_SECOND = 100;

/** CPU time a process has used (user + system), in ms, from /proc/<pid>/stat; null once it is gone. */
export function readCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The process's peak resident memory (VmHWM), in bytes; null once it is gone. */
export function readPeakRssBytes(pid: number): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

/** The environment a process was started with; null where it cannot be read. */
export function readEnviron(pid: number): Map<string, string> | null {
  try {
    const pairs = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
    return new Map(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  } catch {
    return null;
  }
}
