import fs from 'node:fs';
import type { HostCpuReading } from '../types.ts';

/** Cumulative busy and total jiffies of all CPUs, from /proc/stat; null where unreadable. */
export function readHostCpu(): HostCpuReading | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of the host's CPU time that was busy between two readings (0 to 1). */
export function busyBetween(a: HostCpuReading | null, b: HostCpuReading | null): number | null {
  if (!a || !b || b.total <= a.total) return null;
  return (b.busy - a.busy) / (b.total - a.total);
}
