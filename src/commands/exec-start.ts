import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { goVersion } from '../preflight/go-toolchain.ts';
import { expandCells, loadMatrix } from '../matrix/index.ts';
import { measureExecStart } from '../sweep/exec-start.ts';
import { removeAll } from '../targets/live.ts';
import { EXIT_INTERRUPTED, EXIT_OK } from './exit-codes.ts';
import { handleInterrupts } from './interrupts.ts';
import { output } from './output.ts';

const r3 = (v: number | null) => (v === null || Number.isNaN(v) ? null : Math.round(v * 1000) / 1000);

/** Times each of the matrix's binaries starting without Docker; writes exec-start.csv. */
export async function execStartCommand(matrixFile: string, opts: { iterations: number; resultsDir: string; quiet?: boolean }): Promise<number> {
  const say = output(opts);
  const matrix = loadMatrix(matrixFile);
  await goVersion();
  const interrupts = handleInterrupts();
  let results;
  try {
    results = await measureExecStart(expandCells(matrix), opts.iterations, matrix.run, interrupts.signal);
  } catch (err) {
    if (interrupts.signal.aborted) return EXIT_INTERRUPTED;
    throw err;
  } finally {
    interrupts.dispose();
    await removeAll();
  }
  const rows = results.map((r) => ({
    variant: r.variant,
    binary_bytes: r.binaryBytes,
    samples: r.samples,
    exec_to_listen_ms_p50: r3(r.p50Ms),
    exec_to_listen_ms_p99: r3(r.p99Ms),
    exec_to_listen_ms_mean: r3(r.meanMs),
    exec_to_init_ms_median: r3(r.execToInitMs),
    package_init_ms_median: r3(r.packageInitMs),
  }));
  const dir = path.join(opts.resultsDir, `${matrix.name}-exec-start-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'exec-start.csv'), stringify(rows, { header: true }));
  for (const r of rows) {
    say.info(`${r.variant}: exec → listening p50 ${r.exec_to_listen_ms_p50} ms, p99 ${r.exec_to_listen_ms_p99} ms (n=${r.samples}); exec → init ${r.exec_to_init_ms_median ?? '-'} ms, package init ${r.package_init_ms_median ?? '-'} ms; binary ${r.binary_bytes} B`);
  }
  say.result(`written: ${path.join(dir, 'exec-start.csv')}`);
  return EXIT_OK;
}
