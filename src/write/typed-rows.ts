import type { CsvValue } from '../types.ts';
import type { ColumnKind, FileDoc } from './file-docs.ts';

/** A CSV cell's text as its column's kind: empty is null; text that does not parse as the kind stays text. */
function typed(value: CsvValue | undefined, kind: ColumnKind | undefined): CsvValue {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value !== 'string') return value;
  const number = Number(value);
  const bool = value === 'true' ? true : value === 'false' ? false : null;
  if (kind === 'number') return value.trim() !== '' && Number.isFinite(number) ? number : value;
  if (kind === 'boolean') return bool ?? value;
  // A parameter is a number only when the text is exactly how that number prints (not 0x10, 007 or 1e3).
  if (kind === 'param') return bool ?? (String(number) === value ? number : value);
  return value;
}

/** Rows read back from a CSV file (every value a string) with their documented kinds: numbers, booleans, null for empty or missing. */
export function typedRows(rows: Array<Record<string, CsvValue>>, doc: FileDoc): Array<Record<string, CsvValue>> {
  const kinds = new Map(doc.fields.map((f) => [f.name, f.kind]));
  const kindOf = (column: string): ColumnKind | undefined => {
    const kind = column.startsWith('param_') ? 'param' : kinds.get(column);
    return kind === 'object' || kind === 'array' ? undefined : kind;
  };
  // A column the file lacks (written by an older gosweep) reads as empty.
  const documented = doc.fields.filter((f) => f.kind !== 'param').map((f) => f.name);
  return rows.map((row) => {
    const typedRow = Object.fromEntries(Object.entries(row).map(([column, value]) => [column, typed(value, kindOf(column))]));
    for (const name of documented) typedRow[name] ??= null;
    return typedRow;
  });
}
