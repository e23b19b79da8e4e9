import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMemoryStalled, type StallFacts } from '../../../src/summarize/memory-stall.ts';

const MiB = 1024 * 1024;
const base: StallFacts = { limitBytes: 128 * MiB, peakBytes: 128 * MiB, oomKilled: false, successes: 0 };

describe('isMemoryStalled', () => {
  const cases: Array<[string, Partial<StallFacts>, boolean]> = [
    ['at the limit, not killed, nothing answered', {}, true],
    ['killed instead', { oomKilled: true }, false],
    ['at the limit but answering', { successes: 12 }, false],
    ['answering nothing well under the limit (another failure)', { peakBytes: 100 * MiB }, false],
    ['no memory limit', { limitBytes: null }, false],
    ['no OOM facts', { oomKilled: null }, false],
  ];
  for (const [name, facts, want] of cases) it(name, () => assert.equal(isMemoryStalled({ ...base, ...facts }), want));
});
