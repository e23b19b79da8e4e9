import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invocationCost, recommendTier, type TierPoint } from '../../src/summarize/lambda-cost.ts';
import { LAMBDA_PRICES, readLambdaPrices } from '../../src/summarize/lambda-prices.ts';

/** Equal to 12 significant digits. */
function close(actual: number, expected: number) {
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.abs(expected), `${actual} ≉ ${expected}`);
}

describe('invocationCost', () => {
  // By hand: GB = MB / 1024, s = ms / 1000, × $/GB-s; x86_64 0.0000166667, arm64 0.0000133334; + $2e-7 a request.
  const cases: Array<[string, { memoryMb: number; arch: 'x86_64' | 'arm64'; billedDurationMs: number }, { gbSeconds: number; computeUsd: number; totalUsd: number }]> = [
    // 0.125 GB × 0.1 s = 0.0125 GB-s; DataDog's forwarder tests give 4.0833375e-7 for the same REPORT.
    ['128 MB × 100 ms on x86_64', { memoryMb: 128, arch: 'x86_64', billedDurationMs: 100 }, { gbSeconds: 0.0125, computeUsd: 2.0833375e-7, totalUsd: 4.0833375e-7 }],
    ['128 MB × 100 ms on arm64', { memoryMb: 128, arch: 'arm64', billedDurationMs: 100 }, { gbSeconds: 0.0125, computeUsd: 1.666675e-7, totalUsd: 3.666675e-7 }],
    // 1769 / 1024 = 1.7275390625 GB (one vCPU) × 0.001 s.
    ['1769 MB × 1 ms on x86_64', { memoryMb: 1769, arch: 'x86_64', billedDurationMs: 1 }, { gbSeconds: 0.0017275390625, computeUsd: 2.879237529296875e-8, totalUsd: 2.2879237529296875e-7 }],
    ['1769 MB × 1 ms on arm64', { memoryMb: 1769, arch: 'arm64', billedDurationMs: 1 }, { gbSeconds: 0.0017275390625, computeUsd: 2.30339693359375e-8, totalUsd: 2.230339693359375e-7 }],
    ['10240 MB × 900000 ms (the largest, the longest)', { memoryMb: 10240, arch: 'x86_64', billedDurationMs: 900_000 }, { gbSeconds: 9000, computeUsd: 0.1500003, totalUsd: 0.1500005 }],
  ];
  for (const [name, input, want] of cases) {
    it(name, () => {
      const got = invocationCost(input);
      close(got.gbSeconds, want.gbSeconds);
      close(got.computeUsd, want.computeUsd);
      close(got.totalUsd, want.totalUsd);
    });
  }

  it('includes the request fee', () => {
    const got = invocationCost({ memoryMb: 128, arch: 'x86_64', billedDurationMs: 100 });
    assert.equal(got.requestUsd, 2e-7);
    close(got.totalUsd - got.computeUsd, 2e-7);
    // At 128 MB on x86_64 the fee is worth 96 ms of compute: 0.125 × 0.096 × 0.0000166667.
    close(invocationCost({ memoryMb: 128, arch: 'x86_64', billedDurationMs: 96 }).computeUsd, 2.000004e-7);
  });

  it('uses the prices it is given', () => {
    const prices = { ...LAMBDA_PRICES, gbSecondUsd: { x86_64: 0.00002, arm64: 0.00001 }, requestUsd: 1e-6 };
    const got = invocationCost({ memoryMb: 1024, arch: 'arm64', billedDurationMs: 1000 }, prices);
    assert.deepEqual({ ...got, totalUsd: 0 }, { gbSeconds: 1, computeUsd: 0.00001, requestUsd: 1e-6, totalUsd: 0 });
    close(got.totalUsd, 0.000011);
  });
});

describe('readLambdaPrices', () => {
  it('keeps the table without an override, or with an empty file', () => {
    assert.deepEqual(readLambdaPrices(undefined), { ok: true, prices: LAMBDA_PRICES });
    assert.deepEqual(readLambdaPrices(null), { ok: true, prices: LAMBDA_PRICES });
  });

  it('lays a valid override over the table', () => {
    const read = readLambdaPrices({ asOf: '2027-01-15', source: 'https://example.com/prices', gbSecondUsd: { arm64: 0.000012 } });
    assert.deepEqual(read, {
      ok: true,
      prices: { ...LAMBDA_PRICES, asOf: '2027-01-15', source: 'https://example.com/prices', gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.000012 } },
    });
    assert.equal(LAMBDA_PRICES.gbSecondUsd.arm64, 0.0000133334, 'the table itself is untouched');
  });

  it('takes a whole other region', () => {
    const eu = { asOf: '2027-01-15', region: 'eu-central-1', source: 'https://aws.amazon.com/lambda/pricing/', gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 }, requestUsd: 2e-7 };
    assert.deepEqual(readLambdaPrices(eu), { ok: true, prices: eu });
  });

  const invalid: Array<[string, unknown, Array<{ path: string; message: RegExp }>]> = [
    ['not a mapping', 'cheap', [{ path: '', message: /expected object/ }]],
    ['a price that is not a number', { gbSecondUsd: { arm64: '0.0000133334' } }, [{ path: 'gbSecondUsd.arm64', message: /expected number/ }]],
    ['a negative price', { asOf: '2027-01-15', source: 's', gbSecondUsd: { x86_64: -1 } }, [{ path: 'gbSecondUsd.x86_64', message: />0/ }]],
    ['the request fee per million', { asOf: '2027-01-15', source: 's', requestUsd: 0.2 }, [{ path: 'requestUsd', message: /per request/ }]],
    ['a date that is not one', { asOf: '15/01/2027', source: 's', requestUsd: 2e-7 }, [{ path: 'asOf', message: /YYYY-MM-DD/ }]],
    ['an unknown key', { gbSecondUsd: { graviton: 1e-5 }, price: 1 }, [{ path: 'gbSecondUsd.graviton', message: /not a price field/ }, { path: 'price', message: /not a price field/ }]],
    [
      'figures without their date and source',
      { requestUsd: 3e-7 },
      [
        { path: 'asOf', message: /date/ },
        { path: 'source', message: /page/ },
      ],
    ],
    [
      'another region with some of our prices',
      { asOf: '2027-01-15', source: 's', region: 'ap-east-1', gbSecondUsd: { x86_64: 0.0000229 } },
      [
        { path: 'gbSecondUsd.arm64', message: /ap-east-1/ },
        { path: 'requestUsd', message: /ap-east-1/ },
      ],
    ],
  ];
  for (const [name, override, want] of invalid) {
    it(`rejects ${name}, naming the path`, () => {
      const read = readLambdaPrices(override);
      assert.equal(read.ok, false);
      if (read.ok) return;
      assert.deepEqual(read.problems.map((p) => p.path), want.map((w) => w.path));
      read.problems.forEach((p, i) => assert.match(p.message, want[i]?.message ?? /^$/));
    });
  }
});

describe('recommendTier', () => {
  // x86_64, request fee included (invocationCost): 128 MB × 1000 ms, 256 × 400, 512 × 250, 1024 × 200.
  const table: TierPoint[] = [
    { memoryMb: 128, durationMs: 1000, costUsd: 2.2833375e-6 },
    { memoryMb: 256, durationMs: 400, costUsd: 1.86667e-6 },
    { memoryMb: 512, durationMs: 250, costUsd: 2.2833375e-6 },
    { memoryMb: 1024, durationMs: 200, costUsd: 3.53334e-6 },
  ];
  const at = (memoryMb: number) => table.find((p) => p.memoryMb === memoryMb);

  it('picks three different tiers on one table', () => {
    // balanced, w = 0.5, maxCost 3.53334e-6, maxDuration 1000:
    //  128: 0.5 × 0.6462 + 0.5 × 1.00 = 0.823
    //  256: 0.5 × 0.5283 + 0.5 × 0.40 = 0.464
    //  512: 0.5 × 0.6462 + 0.5 × 0.25 = 0.448  ← lowest
    // 1024: 0.5 × 1.0000 + 0.5 × 0.20 = 0.600
    const rec = recommendTier(table);
    assert.equal(rec.cost, at(256));
    assert.equal(rec.speed, at(1024));
    assert.equal(rec.balanced, at(512));
  });

  it('weighs cost against speed, as power-tuning clamps the weight', () => {
    const cases: Array<[number, number]> = [
      [1, 256],
      [0.9, 256],
      [0.1, 1024],
      [0, 1024],
      [2, 256],
      [-1, 1024],
    ];
    for (const [weight, memoryMb] of cases) assert.equal(recommendTier(table, weight).balanced?.memoryMb, memoryMb, `weight ${weight}`);
  });

  it('breaks a cost tie toward the faster, as power-tuning does, and a speed tie toward the cheaper', () => {
    // The same GB-seconds: 128 MB × 100 ms and 256 MB × 50 ms.
    const sameCost = [
      { memoryMb: 128, durationMs: 100, costUsd: 4.0833375e-7 },
      { memoryMb: 256, durationMs: 50, costUsd: 4.0833375e-7 },
    ];
    assert.equal(recommendTier(sameCost).cost?.memoryMb, 256);
    const sameSpeed = [
      { memoryMb: 1024, durationMs: 20, costUsd: 5.33e-7 },
      { memoryMb: 2048, durationMs: 20, costUsd: 8.67e-7 },
    ];
    assert.equal(recommendTier(sameSpeed).speed?.memoryMb, 1024);
  });

  it('breaks remaining ties toward the smaller memory, whatever the order', () => {
    const twins = [
      { memoryMb: 512, durationMs: 10, costUsd: 3e-7 },
      { memoryMb: 256, durationMs: 10, costUsd: 3e-7 },
    ];
    assert.deepEqual(recommendTier(twins), { cost: twins[1], speed: twins[1], balanced: twins[1] });
    // 0.5 × 1/2 + 0.5 × 2/2 = 0.75 = 0.5 × 2/2 + 0.5 × 1/2.
    const balancedTie = [
      { memoryMb: 512, durationMs: 2, costUsd: 1 },
      { memoryMb: 256, durationMs: 1, costUsd: 2 },
    ];
    assert.equal(recommendTier(balancedTie).balanced?.memoryMb, 256);
  });

  it('counts costs that differ only by rounding as equal', () => {
    // 393 MB × 7 ms and 131 MB × 21 ms are the same GB-seconds, but the floats differ in the last place.
    const a = invocationCost({ memoryMb: 393, arch: 'x86_64', billedDurationMs: 7 }).totalUsd;
    const b = invocationCost({ memoryMb: 131, arch: 'x86_64', billedDurationMs: 21 }).totalUsd;
    assert.ok(a < b);
    const points = [
      { memoryMb: 393, durationMs: 15, costUsd: a },
      { memoryMb: 131, durationMs: 15, costUsd: b },
    ];
    assert.equal(recommendTier(points).cost?.memoryMb, 131);
  });

  it('returns the points given, with whatever else they carry', () => {
    const points = [
      { memoryMb: 128, durationMs: 30, costUsd: 2.6e-7, arch: 'arm64' as const },
      { memoryMb: 256, durationMs: 12, costUsd: 2.4e-7, arch: 'arm64' as const },
    ];
    assert.equal(recommendTier(points).cost?.arch, 'arm64');
    assert.equal(recommendTier(points).cost, points[1]);
  });

  it('returns nulls for no points', () => {
    assert.deepEqual(recommendTier([]), { cost: null, speed: null, balanced: null });
  });
});
