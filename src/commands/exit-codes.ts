/** Everything went as asked: every run completed (or was skipped by its target); compare: the gate passed or gated nothing. */
export const EXIT_OK = 0;
/** Some runs failed, or the environment is not ready (no Docker, no Go, Node too old, a target's preflight); compare: a significant regression beyond a threshold. */
export const EXIT_FAILED = 1;
/** The command line, the matrix or a results folder is wrong; nothing was started. */
export const EXIT_USAGE = 2;
/** compare: no regression found, but the gate could not test a gated metric (too few runs, flagged or failed runs, not measured). */
export const EXIT_UNTESTED = 3;
/** gosweep itself failed (a bug): the stack is on stderr, and a sweep's meta.json says `crashed`. 70 is sysexits' EX_SOFTWARE. */
export const EXIT_CRASH = 70;
/** Stopped by Ctrl-C (SIGINT) or SIGTERM; `run --resume` finishes the rest. */
export const EXIT_INTERRUPTED = 130;

/** Every exit code and when it happens, for `gosweep --help`. */
export const EXIT_CODES: ReadonlyArray<{ code: number; when: string }> = [
  { code: EXIT_OK, when: 'done: every run completed (or its target skipped it); compare: the gate passed' },
  { code: EXIT_FAILED, when: 'a run failed; compare: a regression; any verb: no Docker, no Go, Node too old, a target not ready' },
  { code: EXIT_USAGE, when: 'the command line, the matrix or a results folder is wrong; nothing was started' },
  { code: EXIT_UNTESTED, when: 'compare: the gate could not test a gated metric, and found no regression' },
  { code: EXIT_CRASH, when: 'gosweep crashed (a bug): the stack is on stderr, meta.json says crashed' },
  { code: EXIT_INTERRUPTED, when: 'stopped by Ctrl-C or SIGTERM; run --resume <dir> finishes a sweep' },
];
