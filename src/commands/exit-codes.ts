export const EXIT_OK = 0;
/** Some runs failed, or the environment is not ready (no Docker, no Go); compare: a significant regression beyond a threshold. */
export const EXIT_FAILED = 1;
/** The command line or the matrix is wrong. */
export const EXIT_USAGE = 2;
/** compare: no regression found, but the gate could not test a gated metric (too few runs, flagged or failed runs, not measured). */
export const EXIT_UNTESTED = 3;
/** Stopped by Ctrl-C; --resume finishes the rest. */
export const EXIT_INTERRUPTED = 130;
