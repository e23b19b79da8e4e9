import assert from 'node:assert/strict';
import { COLD_START_COLUMNS, RESULT_COLUMNS, type ColdStartRow, type ResultRow } from '../../src/types.ts';

/** Every key of these columns, null: a row with every fixed column empty. */
const empty = (columns: object) => Object.fromEntries(Object.keys(columns).map((name) => [name, null]));

/**
 * A results.csv row as readResultRows gives it back: every fixed column (RESULT_COLUMNS) null,
 * then these values, each of its column's kind (`driver_limited: true`, `latency_p99_us: 30000`,
 * `param_cpus: 1`). Phase medians (`<phase>_ms_median`) and params are there only when given.
 */
export function resultRow(values: Partial<ResultRow> = {}): ResultRow {
  return { ...empty(RESULT_COLUMNS), ...values } as ResultRow;
}

/** A cold-starts.csv row as readColdStartRows gives it back: every fixed column (COLD_START_COLUMNS) null, then these values (phases such as `create_ms: 10`). */
export function coldStartRow(values: Partial<ColdStartRow> = {}): ColdStartRow {
  return { ...empty(COLD_START_COLUMNS), ...values } as ColdStartRow;
}

/**
 * A column ColdStartRow types only as CsvValue, by name (a target's phase or count: create_ms,
 * pull_layers_cached): its number, or null where empty; fails the test on a value of another kind.
 */
export function numberIn(row: ColdStartRow, column: string): number | null {
  const value = row[column];
  assert.ok(value === null || typeof value === 'number', `${column} is ${JSON.stringify(value)}, not a number`);
  return value;
}
