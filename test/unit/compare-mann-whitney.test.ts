import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mannWhitneyU, smallestPValue } from '../../src/compare/mann-whitney.ts';

const close = (got: number, want: number, tol = 1e-4) => assert.ok(Math.abs(got - want) < tol, `${got} vs ${want}`);

describe('mannWhitneyU', () => {
  it('is exact for small samples without ties', () => {
    close(mannWhitneyU([1, 2, 3], [4, 5, 6]), 0.1);
    close(mannWhitneyU([1, 2, 3, 4], [5, 6, 7, 8]), 0.02857143);
    close(mannWhitneyU([1.1, 2.2, 3.3, 4.4, 5.5], [6.6, 7.7, 8.8, 9.9, 10.5]), 0.007936508);
    close(mannWhitneyU([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]), 0.6904762);
    // U = 3: of C(12, 6) = 924 arrangements, 1 + 1 + 2 + 3 have U <= 3; two-sided 2 × 7/924.
    close(mannWhitneyU([12, 15, 11, 19, 14, 13], [18, 21, 17, 16, 22, 20]), 14 / 924);
  });

  it('is symmetric in its samples', () => {
    close(mannWhitneyU([4, 5, 6, 9], [1, 2, 3]), mannWhitneyU([1, 2, 3], [4, 5, 6, 9]));
  });

  it('uses the normal approximation with tie correction when values tie', () => {
    // U = 2.5, mean 12.5; ties of 2, 2 and 3 give var = 25/12 × (11 − 36/90); z = (10 − 0.5)/4.699 = 2.022.
    close(mannWhitneyU([1, 2, 2, 3, 4], [3, 4, 4, 5, 6]), 0.0432, 1e-3);
    assert.equal(mannWhitneyU([5, 5, 5], [5, 5, 5]), 1);
  });

  it('says when samples are too small for any change to be significant', () => {
    close(smallestPValue(3, 3), 0.1);
    close(smallestPValue(4, 4), 0.02857143);
    assert.ok(smallestPValue(3, 3) > 0.05 && smallestPValue(4, 4) < 0.05);
  });
});
