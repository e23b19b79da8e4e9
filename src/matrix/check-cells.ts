import type { Cell, Matrix } from '../types.ts';
import type { Finding } from './finding.ts';
import { crossProduct, matches } from './expand.ts';

/** What only the expanded matrix shows: an exclude that leaves nothing, or that drops nothing. */
export function checkCells(matrix: Matrix, cells: Cell[]): Finding[] {
  const combos = crossProduct(matrix.axes);
  const findings: Finding[] = [];
  if (cells.length === 0 && matrix.exclude.length > 0) {
    findings.push({
      path: ['exclude'],
      message: `exclude drops all ${combos.length} cells of the cross product, and include adds none: no cell would run`,
      fix: 'each exclude entry drops the cells that match every key it names: name more keys to drop fewer, e.g. - { workload: hello, cpus: 2 }',
    });
  }
  matrix.exclude.forEach((entry, i) => {
    if (cells.length > 0 && !combos.some((params) => matches(params, entry))) {
      findings.push({ path: ['exclude', i], severity: 'warning', message: 'this exclude entry matches no cell', fix: 'check its values against the axes (a typo drops nothing), or remove it' });
    }
  });
  return findings;
}
