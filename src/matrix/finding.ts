import type { Cell } from '../types.ts';

/** What the Docker host offers, to check limits against, the targets there are and their offline checks; unknown fields are not checked. */
export interface HostLimits {
  cpus?: number;
  memoryBytes?: number;
  targets?: readonly string[];
  /** The targets' own checks of the expanded cells (src/targets/index.ts). */
  checkCells?: (cells: Cell[]) => Array<{ cellId: string; message: string; fix: string }>;
}
/** A problem found past the schema, before it is given a line and column. */
export interface Finding {
  path: ReadonlyArray<PropertyKey>;
  /** Point at this key of the object at `path` rather than at the object. */
  key?: string | undefined;
  /** Point at the key the path ends in (an env axis's name) rather than at its value. */
  atKey?: boolean;
  message: string;
  fix: string;
  /** Printed, but the matrix still runs: the name could be meant. */
  severity?: 'warning';
}
