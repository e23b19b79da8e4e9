import os from 'node:os';

/** Every container the harness makes carries these, so cleanup can find it. */
export const LABEL_MANAGED = 'gosweep.managed';
export const LABEL_SWEEP = 'gosweep.sweep';
export const LABEL_RUN = 'gosweep.run';
export const LABEL_OWNER_PID = 'gosweep.owner-pid';
export const LABEL_OWNER_HOST = 'gosweep.owner-host';

export function containerLabels(sweepId: string, runId: string): Record<string, string> {
  return {
    [LABEL_MANAGED]: 'true',
    [LABEL_SWEEP]: sweepId,
    [LABEL_RUN]: runId,
    [LABEL_OWNER_PID]: String(process.pid),
    [LABEL_OWNER_HOST]: os.hostname(),
  };
}
