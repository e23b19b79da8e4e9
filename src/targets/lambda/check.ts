import type { Cell } from '../../types.ts';
import type { CellProblem } from '../target.ts';

export const ROLE_ENV = 'GOSWEEP_LAMBDA_ROLE_ARN';

/** Problems of cells on a Lambda target, before anything starts. */
export function checkLambdaCells(cells: Cell[], opts: { needsRole: boolean }): CellProblem[] {
  const problems: CellProblem[] = [];
  for (const cell of cells) {
    if (cell.cpus !== null || cell.memoryBytes !== null) {
      problems.push({ cellId: cell.id, message: `${cell.label}: cpus and memory do not apply on ${cell.target}; Lambda couples CPU to the memory tier`, fix: 'set the tier with lambda.memory (128 to 10240 MB) and drop cpus/memory for these cells' });
    }
  }
  if (opts.needsRole && cells.length > 0 && !process.env[ROLE_ENV]) {
    problems.push({ cellId: cells[0]?.id ?? '', message: `target lambda needs an execution role, and ${ROLE_ENV} is not set`, fix: `export ${ROLE_ENV}=arn:aws:iam::<account>:role/<name> (a role Lambda can assume; gosweep never creates IAM roles), or use target lambda-local` });
  }
  return problems;
}
