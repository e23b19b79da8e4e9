/** Docker-style memory sizes: 512m, 1g, 256MiB, or a number of bytes. */
export const MEMORY_PATTERN = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i;

const MULTIPLIER: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes in a Docker-style size (binary multiples, as `docker --memory` reads them). */
export function parseMemory(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = MEMORY_PATTERN.exec(value.trim());
  if (!match) throw new Error(`not a memory size: ${value}`);
  const unit = (match[2] ?? 'b').toLowerCase()[0] ?? 'b';
  return Math.floor(Number(match[1]) * (MULTIPLIER[unit] ?? 1));
}

/** `80%` → 0.8; anything else → null. */
export function parsePercent(value: string): number | null {
  const match = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  return match ? Number(match[1]) / 100 : null;
}
