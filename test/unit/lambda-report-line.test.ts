import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEnd, formatReport, formatStart, parseReport, type LambdaReport } from '../../src/targets/lambda/report-line.ts';

// Real REPORT lines, copied byte for byte from public logs.

/** Cold start, java21, 2048 MB (Init Duration not yet billed on managed runtimes then). luketn/java-lambda-best-practice, readme.md, CloudWatch log of 2025-05-21. */
const COLD = 'REPORT RequestId: 314220ad-40f4-4204-843c-713576ded59a\tDuration: 544.92 ms\tBilled Duration: 545 ms\tMemory Size: 2048 MB\tMax Memory Used: 174 MB\tInit Duration: 1494.57 ms\t';

/** Warm, nodejs, 128 MB. oslabs-beta/Embr, primary-app/src/app/retrievedData.js, a CloudWatch Logs Insights @message of 2023-12-05. */
const WARM = 'REPORT RequestId: 76269889-7d50-4d6d-a3f1-9b4f5322f47c\tDuration: 14.97 ms\tBilled Duration: 15 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\t';

/**
 * Cold start, Go on provided.al2023, 128 MB: Billed Duration 157 = ceil(31.25 + 125.01), the init billed.
 * aws-samples/graceful-shutdown-with-aws-lambda, golang-demo/README.md, log of 2023-11-24 (the timestamp
 * prefix dropped). Copied from the console, its tabs became single spaces.
 */
const PROVIDED_AL2023 = 'REPORT RequestId: 969fd419-2e7b-4645-ad55-b367953fb065 Duration: 31.25 ms Billed Duration: 157 ms Memory Size: 128 MB Max Memory Used: 31 MB Init Duration: 125.01 ms';

/**
 * SnapStart restore, java21, 3538 MB: Billed Duration 313 = ceil(149.53 + 163), the billed restore
 * already inside it. luketn/java-lambda-best-practice, readme.md, log of 2025-05-21.
 */
const SNAPSTART = 'REPORT RequestId: 5b321b10-9dfa-4a05-b900-c45b96303238\tDuration: 149.53 ms\tBilled Duration: 313 ms\tMemory Size: 3538 MB\tMax Memory Used: 163 MB\tRestore Duration: 789.64 ms\tBilled Restore Duration: 163 ms\t';

/** A failed invoke: Status and Error Type follow. nishidemasami/contactform-api, issue #29. */
const FAILED = 'REPORT RequestId: 83269395-33ee-45a8-8a99-38f67b6faf72\tDuration: 11.48 ms\tBilled Duration: 12 ms\tMemory Size: 128 MB\tMax Memory Used: 10 MB\tStatus: error\tError Type: Runtime.InvalidEntrypoint';

/** Traced: X-Ray's fields on a second line. DataDog/datadog-serverless-functions, aws/logs_monitoring/tests/test_enhanced_lambda_metrics.py. */
const TRACED = 'REPORT RequestId: fe1467d6-1458-4e20-8e40-9aaa4be7a0f4\tDuration: 3470.65 ms\tBilled Duration: 3500 ms\tMemory Size: 128 MB\tMax Memory Used: 89 MB\t\nXRAY TraceId: 1-5d8bba5a-dc2932496a65bab91d2d42d4\tSegmentId: 5ff79d2a06b82ad6\tSampled: true\t\n';

const NONE = { maxMemoryUsedMb: null, initDurationMs: null, restoreDurationMs: null, billedRestoreDurationMs: null, extra: {} };

describe('parseReport: real lines', () => {
  const cases: Array<[string, string, LambdaReport]> = [
    ['a cold start', COLD, { ...NONE, requestId: '314220ad-40f4-4204-843c-713576ded59a', durationMs: 544.92, billedDurationMs: 545, memorySizeMb: 2048, maxMemoryUsedMb: 174, initDurationMs: 1494.57 }],
    ['a warm invoke', WARM, { ...NONE, requestId: '76269889-7d50-4d6d-a3f1-9b4f5322f47c', durationMs: 14.97, billedDurationMs: 15, memorySizeMb: 128, maxMemoryUsedMb: 67 }],
    ['provided.al2023, tabs lost', PROVIDED_AL2023, { ...NONE, requestId: '969fd419-2e7b-4645-ad55-b367953fb065', durationMs: 31.25, billedDurationMs: 157, memorySizeMb: 128, maxMemoryUsedMb: 31, initDurationMs: 125.01 }],
    [
      'a SnapStart restore',
      SNAPSTART,
      { ...NONE, requestId: '5b321b10-9dfa-4a05-b900-c45b96303238', durationMs: 149.53, billedDurationMs: 313, memorySizeMb: 3538, maxMemoryUsedMb: 163, restoreDurationMs: 789.64, billedRestoreDurationMs: 163 },
    ],
    [
      'a failed invoke keeps Status and Error Type',
      FAILED,
      { ...NONE, requestId: '83269395-33ee-45a8-8a99-38f67b6faf72', durationMs: 11.48, billedDurationMs: 12, memorySizeMb: 128, maxMemoryUsedMb: 10, extra: { Status: 'error', 'Error Type': 'Runtime.InvalidEntrypoint' } },
    ],
    [
      'a traced invoke reads the X-Ray line too',
      TRACED,
      {
        ...NONE,
        requestId: 'fe1467d6-1458-4e20-8e40-9aaa4be7a0f4',
        durationMs: 3470.65,
        billedDurationMs: 3500,
        memorySizeMb: 128,
        maxMemoryUsedMb: 89,
        extra: { 'XRAY TraceId': '1-5d8bba5a-dc2932496a65bab91d2d42d4', SegmentId: '5ff79d2a06b82ad6', Sampled: 'true' },
      },
    ],
  ];
  for (const [name, line, want] of cases) it(name, () => assert.deepEqual(parseReport(line), want));
});

describe('parseReport: in a log tail', () => {
  const id = '90d93089-6e10-45f2-81f2-3a640945976b';
  const app = [
    '{"level":"info","msg":"REPORT RequestId: 00000000-fake Duration: 1.00 ms Billed Duration: 1 ms Memory Size: 1 MB"}',
    '2026/11/29 08:00:00 building the monthly REPORT RequestId: not-this-one',
    'REPORTS are ready',
  ];

  it('finds the platform line among the function output', () => {
    const tail = [formatStart(id, '$LATEST'), ...app, formatEnd(id), WARM, ''].join('\n');
    assert.equal(parseReport(tail)?.requestId, '76269889-7d50-4d6d-a3f1-9b4f5322f47c');
  });

  it('takes the last REPORT when the function printed one of its own first', () => {
    const tail = [formatStart(id, '$LATEST'), COLD.replace('314220ad', 'ffffffff'), formatEnd(id), WARM].join('\n');
    assert.equal(parseReport(tail)?.durationMs, 14.97);
  });

  it('takes the last of several invocations', () => {
    assert.equal(parseReport([COLD, WARM].join('\n'))?.durationMs, 14.97);
    assert.equal(parseReport([WARM, COLD].join('\n'))?.initDurationMs, 1494.57);
  });

  it('reads a tail cut in the middle of a line, CRLF or not', () => {
    const output = Array.from({ length: 200 }, (_, i) => `2026-11-29T08:00:00.${String(i).padStart(3, '0')}Z\t${id}\tINFO\tline ${i} of the handler's output`);
    const log = [formatStart(id, '$LATEST'), ...output, formatEnd(id), COLD, ''].join('\n');
    const tail = log.slice(-4096);
    assert.ok(!tail.startsWith('START') && !tail.startsWith('2026'), 'the tail begins inside a line');
    assert.equal(parseReport(tail)?.initDurationMs, 1494.57);
    assert.equal(parseReport(tail.replaceAll('\n', '\r\n'))?.initDurationMs, 1494.57);
  });

  it('passes over a REPORT missing what every REPORT has', () => {
    assert.equal(parseReport('REPORT RequestId: abc\tDuration: 1.00 ms\t'), null);
    assert.equal(parseReport([WARM, 'REPORT RequestId: abc\tDuration: 1.00 ms\t'].join('\n'))?.durationMs, 14.97);
  });

  it('returns null without a REPORT', () => {
    assert.equal(parseReport(''), null);
    assert.equal(parseReport([formatStart(id, '$LATEST'), ...app, formatEnd(id)].join('\n')), null);
    assert.equal(parseReport(WARM.slice(3)), null, 'a REPORT whose start was cut off');
  });
});

describe('formatReport', () => {
  it('writes the real lines back byte for byte', () => {
    for (const line of [COLD, WARM, SNAPSTART, TRACED.slice(0, -1)]) {
      const report = parseReport(line);
      assert.ok(report);
      assert.equal(formatReport(report), line);
    }
  });

  it('round-trips what it writes, absent fields staying null', () => {
    const reports: LambdaReport[] = [
      { ...NONE, requestId: 'a1', durationMs: 0.5, billedDurationMs: 1, memorySizeMb: 128 },
      { ...NONE, requestId: 'b2', durationMs: 1234.5, billedDurationMs: 1300, memorySizeMb: 10240, maxMemoryUsedMb: 512, initDurationMs: 65.43, extra: { Status: 'timeout' } },
      { ...NONE, requestId: 'c3', durationMs: 3, billedDurationMs: 80, memorySizeMb: 1769, maxMemoryUsedMb: 40, restoreDurationMs: 300.01, billedRestoreDurationMs: 77, extra: { 'XRAY TraceId': '1-abc', Sampled: 'false' } },
    ];
    for (const r of reports) assert.deepEqual(parseReport(formatReport(r)), r);
  });

  it('ends every field with a tab, as Lambda does', () => {
    const line = formatReport({ ...NONE, requestId: 'a1', durationMs: 2, billedDurationMs: 2, memorySizeMb: 128, maxMemoryUsedMb: 20 });
    assert.equal(line, 'REPORT RequestId: a1\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\t');
  });
});

describe('formatStart and formatEnd', () => {
  it('write the lines Lambda writes', () => {
    assert.equal(formatStart('969fd419-2e7b-4645-ad55-b367953fb065', '$LATEST'), 'START RequestId: 969fd419-2e7b-4645-ad55-b367953fb065 Version: $LATEST');
    assert.equal(formatEnd('969fd419-2e7b-4645-ad55-b367953fb065'), 'END RequestId: 969fd419-2e7b-4645-ad55-b367953fb065');
  });
});
