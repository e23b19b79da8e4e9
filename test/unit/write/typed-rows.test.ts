import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { typedRows } from '../../../src/write/typed-rows.ts';
import { fileDoc } from '../../../src/write/file-docs.ts';

describe('typedRows', () => {
  const read = {
    run_id: 'hello-1#1', param_cpus: '0.5', param_env_GOMAXPROCS: '', param_memory: '512m', param_build_strip: 'true', param_env_X: '0x10',
    rps: '697.7', oom_killed: 'false', driver_limited: 'true', gomemlimit_bytes: '', error_message: '', sender_behind: '',
  };

  it('gives results.csv values their kinds back: numbers, booleans, strings, and null for empty', () => {
    const [row] = typedRows([read], fileDoc('results.csv'));
    assert.deepEqual(row, {
      run_id: 'hello-1#1', param_cpus: 0.5, param_env_GOMAXPROCS: null, param_memory: '512m', param_build_strip: true, param_env_X: '0x10',
      rps: 697.7, oom_killed: false, driver_limited: true, gomemlimit_bytes: null, error_message: null, sender_behind: null,
    });
  });

  it('leaves values that already have their kind, and text that does not parse, as they are', () => {
    const [row] = typedRows([{ rps: 12, oom_killed: true, latency_p99_us: 'n/a' }], fileDoc('results.csv'));
    assert.deepEqual(row, { rps: 12, oom_killed: true, latency_p99_us: 'n/a' });
  });
});
