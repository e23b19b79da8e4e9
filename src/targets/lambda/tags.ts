/** Tags on every function gosweep creates, so `gosweep cleanup` finds what a dead sweep left. */
export const TAG_SWEEP = 'gosweep:sweep';
export const TAG_OWNER_PID = 'gosweep:owner-pid';
export const TAG_OWNER_HOST = 'gosweep:owner-host';
/** Every function gosweep creates is named so. */
export const FUNCTION_PREFIX = 'gosweep-';
