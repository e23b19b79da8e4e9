import Table from 'cli-table3';

const PLAIN = {
  chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ' },
  style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
};

/** A borderless console table, columns two spaces apart. */
export function table(head: string[], rows: string[][]): string {
  const t = new Table({ head, ...PLAIN });
  t.push(...rows);
  return t.toString();
}
