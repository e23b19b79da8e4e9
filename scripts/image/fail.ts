import { HarnessError } from '../../src/errors.ts';

/** An error of the image build, with the fix to print under it. */
export const fail = (message: string, hint: string, cause?: unknown) => new HarnessError(message, { stage: 'build', hint, cause });
