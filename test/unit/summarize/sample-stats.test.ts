import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xoroshiro128plus, unsafeUniformIntDistribution } from 'pure-rand';
import { summarizeSamples, type Samples } from '../../../src/summarize/sample-stats.ts';

describe('summarizeSamples', () => {
  it('gives no 95% interval below six samples, as benchstat', () => {
    const s = summarizeSamples([5, 1, 4, 2, 3]);
    assert.equal(s.median, 3);
    assert.equal(s.ciLow, null);
    assert.equal(s.ciHigh, null);
  });

  it('uses the extremes at n=6 and narrows as n grows', () => {
    const six = summarizeSamples([6, 1, 5, 2, 4, 3]);
    assert.deepEqual([six.ciLow, six.ciHigh], [1, 6]);
    const values = Array.from({ length: 20 }, (_, i) => i + 1) as Samples;
    const twenty = summarizeSamples(values);
    // Binomial(20, 0.5): ranks 6..15 (1-based) cover 95.9%.
    assert.deepEqual([twenty.ciLow, twenty.ciHigh], [6, 15]);
  });

  it('computes the coefficient of variation', () => {
    const s = summarizeSamples([9, 10, 11]);
    assert.equal(s.cv, 0.1);
    assert.equal(summarizeSamples([4]).cv, null);
  });

  it('covers the true median at least 95% of the time', () => {
    const rng = xoroshiro128plus(1);
    let covered = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      // Uniform integers 0..1000: the true median is 500.
      const sample = Array.from({ length: 15 }, () => unsafeUniformIntDistribution(0, 1000, rng)) as Samples;
      const { ciLow, ciHigh } = summarizeSamples(sample);
      if (ciLow !== null && ciHigh !== null && ciLow <= 500 && 500 <= ciHigh) covered++;
    }
    assert.ok(covered / trials >= 0.95, `coverage ${covered / trials}`);
    assert.ok(covered / trials < 0.995, `coverage ${covered / trials} is too conservative`);
  });
});
