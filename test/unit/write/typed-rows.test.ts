import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { typedRows } from '../../../src/write/typed-rows.ts';
import { fileDoc } from '../../../src/write/file-docs.ts';

describe('typedRows', () => {
  /** Every documented results.csv column but the params, null: what a column the file lacks reads as. */
  const absent = Object.fromEntries(fileDoc('results.csv').fields.filter((f) => f.kind !== 'param').map((f) => [f.name, null]));

  const read = {
    run_id: 'hello-1#1', param_cpus: '0.5', param_env_GOMAXPROCS: '', param_memory: '512m', param_build_strip: 'true', param_env_X: '0x10',
    rps: '697.7', oom_killed: 'false', driver_limited: 'true', gomemlimit_bytes: '', error_message: '', sender_behind: '',
  };

  it('gives results.csv values their kinds back: numbers, booleans, strings, and null for empty', () => {
    const [row] = typedRows([read], fileDoc('results.csv'));
    assert.deepEqual(row, {
      ...absent,
      run_id: 'hello-1#1', param_cpus: 0.5, param_env_GOMAXPROCS: null, param_memory: '512m', param_build_strip: true, param_env_X: '0x10',
      rps: 697.7, oom_killed: false, driver_limited: true, gomemlimit_bytes: null, error_message: null, sender_behind: null,
    });
  });

  it('leaves values that already have their kind, and text that does not parse, as they are', () => {
    const [row] = typedRows([{ rps: 12, oom_killed: true, latency_p99_us: 'n/a' }], fileDoc('results.csv'));
    assert.deepEqual(row, { ...absent, rps: 12, oom_killed: true, latency_p99_us: 'n/a' });
  });

  it('reads a documented column the file lacks (an older gosweep wrote it) as null, and adds no param column', () => {
    const [row] = typedRows([{ run_id: 'r', param_cpus: '1' }], fileDoc('results.csv'));
    assert.ok(row && 'contended' in row && 'cold_start_ms_median' in row);
    assert.equal(row.contended, null);
    assert.equal(row.cold_start_ms_median, null);
    assert.deepEqual(Object.keys(row).filter((k) => k.startsWith('param_')), ['param_cpus']);
  });
});
