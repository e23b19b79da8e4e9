export const EXIT_OK = 0;
/** Some runs failed, or the environment is not ready (no Docker, no Go). */
export const EXIT_FAILED = 1;
/** The command line or the matrix is wrong. */
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C; --resume finishes the rest. */
export const EXIT_INTERRUPTED = 130;
