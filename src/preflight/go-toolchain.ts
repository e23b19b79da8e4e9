import { execa } from 'execa';
import { HarnessError } from '../errors.ts';

/** The `go` on PATH, e.g. `go1.26.8`; fails with the fix when there is none. */
export async function goVersion(): Promise<string> {
  try {
    const { stdout } = await execa('go', ['env', 'GOVERSION']);
    return stdout.trim();
  } catch (err) {
    const missing = (err as { code?: string }).code === 'ENOENT';
    throw new HarnessError(missing ? 'Go is not installed, or not on PATH' : `go env failed: ${(err as Error).message}`, {
      stage: 'preflight',
      hint: 'install Go 1.25 or newer and put its bin folder on PATH (e.g. export PATH=$PATH:/usr/local/go/bin)',
      cause: err,
    });
  }
}
