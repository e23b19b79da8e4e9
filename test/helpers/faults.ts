import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import Docker from 'dockerode';
import { readColdStartRows, readResultRows } from '../../src/write/results-writer.ts';

/** The one results folder a `gosweep run --results-dir parent` made. */
export function onlyChild(parent: string): string {
  const [name, ...more] = fs.readdirSync(parent).filter((n) => !n.startsWith('.'));
  if (!name || more.length > 0) throw new Error(`expected one results folder in ${parent}, found ${[name, ...more].join(', ')}`);
  return path.join(parent, name);
}

/** What a results folder holds, by run: results.csv's rows, and the run ids of cold-starts.csv and histograms.jsonl. */
export function folderState(dir: string) {
  const rows = readResultRows(dir);
  const histograms = path.join(dir, 'histograms.jsonl');
  return {
    rows,
    runIds: rows.map((r) => String(r.run_id)),
    coldStartRunIds: readColdStartRows(dir).map((r) => String(r.run_id)),
    histogramRunIds: fs.existsSync(histograms)
      ? fs.readFileSync(histograms, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { run_id: string }).run_id)
      : [],
  };
}

/** Image tags the sweep's local registry gives pulled images (127.0.0.1:port/...). */
export async function registryTags(): Promise<string[]> {
  return (await new Docker().listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => /^127\.0\.0\.1:\d+\//.test(t));
}

/** Peak resident memory (VmHWM) of a process, polled until it exits; in bytes. */
export function watchPeakRss(pid: number): { stop: () => number } {
  let peak = 0;
  const read = () => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      // Gone.
    }
  };
  const timer = setInterval(read, 50);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

/**
 * The pid and command line of the dockerd gosweep talks to (the one that
 * wrote /var/run/docker.pid, not another on this machine, such as
 * test:scale's isolated engine), or why it cannot be restarted from here.
 */
export function dockerdProcess(): { pid: number; argv: string[] } | string {
  if (process.getuid?.() !== 0) return 'restarting dockerd needs root';
  if (process.env.DOCKER_HOST) return `DOCKER_HOST=${process.env.DOCKER_HOST}: the engine is not this machine's default one`;
  try {
    const pid = Number(fs.readFileSync('/var/run/docker.pid', 'utf8').trim());
    return { pid, argv: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean) };
  } catch {
    return 'no dockerd wrote /var/run/docker.pid on this machine (the engine is elsewhere)';
  }
}

/** Stops dockerd as a restart does (SIGTERM, its containers stopped with it) and starts it again with the same command line; ms it was down. */
export async function restartDockerd(dockerd: { pid: number; argv: string[] }): Promise<number> {
  const stoppedAt = performance.now();
  process.kill(dockerd.pid, 'SIGTERM');
  for (let i = 0; isAlive(dockerd.pid); i++) {
    if (i > 1200) throw new Error('dockerd did not stop within 60 s');
    await sleep(50);
  }
  const log = fs.openSync('/tmp/dockerd.log', 'a');
  const [file, ...args] = dockerd.argv as [string, ...string[]];
  spawn(file, args, { detached: true, stdio: ['ignore', log, log] }).unref();
  fs.closeSync(log);
  for (let i = 0; ; i++) {
    try {
      await new Docker().ping();
      return performance.now() - stoppedAt;
    } catch {
      if (i > 1200) throw new Error('dockerd did not come back within 60 s; see /tmp/dockerd.log');
      await sleep(50);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
