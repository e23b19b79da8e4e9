import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ResultsWriter } from '../../../src/write/results-writer.ts';
import { writeSummary } from '../../../src/write/summary-writer.ts';
import { matrix } from '../../helpers/matrix.ts';
import { cells, completedOutcome, failedOutcome } from '../../helpers/outcomes.ts';
import { tmpDir } from '../../helpers/tmp.ts';

const METRICS = ['latency_p50_us', 'latency_p99_us', 'latency_p999_us', 'rps', 'cold_start_ms', 'cpu_throttled_ms', 'memory_peak_bytes'];

describe('writeSummary', () => {
  it('writes one line per cell under names that say what they hold, without float noise', (t) => {
    const dir = tmpDir(t);
    const writer = new ResultsWriter(dir, 's', matrix().axes);
    writer.append(completedOutcome(cells[0]!, 1, { p99Us: 5000 }));
    writer.append(completedOutcome(cells[0]!, 2, { p99Us: 5003, rps: 495.4 }));
    writer.append(failedOutcome(cells[1]!, 1));
    writeSummary(dir);
    const text = fs.readFileSync(path.join(dir, 'summary.csv'), 'utf8');
    const [header] = text.split('\n');
    assert.deepEqual(header?.split(','), [
      'cell_id', 'cell_label', 'param_workload', 'param_cpus', 'param_concurrency',
      'runs', 'completed', 'failed', 'oom_killed_runs', 'driver_limited_runs', 'memory_stalled_runs', 'unanswered_runs', 'contended_runs', 'gomaxprocs',
      ...METRICS.flatMap((m) => [`${m}_median`, `${m}_ci_low`, `${m}_ci_high`, `${m}_cv`]),
      'noisy',
    ]);
    const [first] = parse(text, { columns: true }) as Array<Record<string, string>>;
    assert.equal(first?.latency_p99_us_median, '5002', 'µs integers (5001.5 rounds up)');
    assert.equal(first?.rps_median, '495.2', 'rps to 0.1');
    assert.equal(first?.cold_start_ms_median, '100.123');
    assert.equal(first?.oom_killed_runs, '0');
    assert.doesNotMatch(text, /\d\.\d{4,}/, 'nothing finer than the precision measured');
  });
});
