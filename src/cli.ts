#!/usr/bin/env node
// Entry point. Checks the Node version before loading anything that needs a newer one.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `gosweep needs Node.js 24 (this is ${process.version}).\n` +
      '  fix: run it through npm (npm run gosweep -- <args>), which puts the pinned Node 24 first on PATH, or install Node 24 LTS.\n',
  );
  // EXIT_FAILED (commands/exit-codes.ts): the environment is not ready, as without Docker or Go.
  process.exit(1);
}
// Output piped into a command that stops reading (| head) ends the program quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
const { main } = await import('./commands/main.ts');
const { exitOnCrash } = await import('./commands/crash.ts');
exitOnCrash();
process.exitCode = await main(process.argv);
