import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { loadMatrix, thisMachine } from '../matrix/index.ts';
import { readService, starterMatrix } from '../matrix/starter.ts';
import { TARGET_NAMES, checkCells } from '../targets/index.ts';
import { EXIT_OK } from './exit-codes.ts';

/**
 * Writes a starter matrix for the service in `serviceDir`, read from its source,
 * and checks it as `run --dry-run` would before saying it is there.
 */
export async function initCommand(serviceDir: string, opts: { out: string; force?: boolean }): Promise<number> {
  const out = path.resolve(opts.out);
  if (fs.existsSync(out) && !opts.force) {
    throw new UsageError([{ file: out, line: 0, col: 0, path: '', message: 'this file exists', fix: 'pass --out <another file>, or --force to replace it' }]);
  }
  const facts = readService(serviceDir, path.dirname(out));
  if ('problem' in facts) throw new UsageError([{ file: path.resolve(serviceDir), line: 0, col: 0, path: '', message: facts.problem, fix: facts.fix }]);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, starterMatrix(facts, path.dirname(out)));
  try {
    loadMatrix(out, { ...thisMachine(), targets: TARGET_NAMES, checkCells });
  } catch (err) {
    fs.rmSync(out);
    throw err;
  }
  const found = [
    `${facts.source.kind === 'path' ? 'main package' : 'Dockerfile'} ${facts.source.at}`,
    facts.healthPath ? `health path ${facts.healthPath}` : 'no health path (ready at its first 2xx)',
    facts.listen === null ? 'port from PORT' : 'portEnv' in facts.listen ? `port from ${facts.listen.portEnv}` : 'args' in facts.listen ? `port in ${facts.listen.args.join(' ')}` : `fixed port ${facts.listen.port}`,
  ];
  process.stdout.write(`wrote ${path.relative(process.cwd(), out) || out}: ${found.join(', ')}\nnext: gosweep run ${path.relative(process.cwd(), out)} --dry-run\n`);
  return EXIT_OK;
}
