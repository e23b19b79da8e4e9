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

/** What a claim bound measures; each kind is read in one base unit: ms, bytes, requests per second. */
export type QuantityKind = 'time' | 'size' | 'rate';

/** Units a bound may carry, by kind, as multiples of the kind's base unit. */
export const QUANTITY_UNITS: Record<QuantityKind, Record<string, number>> = {
  time: { us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000 },
  size: { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 },
  rate: { rps: 1 },
};

/** `2ms` → 2 and 'ms'; `2` or 2 → 2 and no unit; null when it is not a number. */
export function splitQuantity(value: string | number): { number: number; unit: string | null } | null {
  if (typeof value === 'number') return Number.isFinite(value) ? { number: value, unit: null } : null;
  const match = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([a-zA-Zµ/]*)$/.exec(value.trim());
  if (!match) return null;
  return { number: Number(match[1]), unit: match[2] || null };
}

/** The kind a unit belongs to and its value in the kind's base unit, or null for a unit gosweep does not know. */
export function inBaseUnit(number: number, unit: string): { kind: QuantityKind; value: number } | null {
  for (const [kind, units] of Object.entries(QUANTITY_UNITS) as Array<[QuantityKind, Record<string, number>]>) {
    const factor = units[unit];
    if (factor !== undefined) return { kind, value: Number((number * factor).toPrecision(12)) };
  }
  return null;
}
