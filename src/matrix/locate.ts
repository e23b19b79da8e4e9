import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** Line and column (1-based) of the value at `path`, or of its nearest existing parent. */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: ReadonlyArray<PropertyKey>,
  key?: string,
): { line: number; col: number } {
  let node: unknown = doc.contents;
  for (const part of path) {
    const next: unknown = isMap(node) || isSeq(node) ? node.get(part as string | number, true) : undefined;
    if (next === undefined) break;
    node = next;
  }
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
    offset = (pair?.key as Node | undefined)?.range?.[0] ?? offset;
  }
  return lines.linePos(offset);
}

/** `['axes', 'cpus', 1]` → `axes.cpus[1]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}
