import type { RuntimeFacts, Sender } from '../types.ts';

/** The workload's start timestamps (wall clock, ns), from its info path. */
export interface StartTimestamps {
  startUnixNano: number;
  mainUnixNano: number;
  listeningUnixNano: number;
}

/** More than any info document holds: go-workloads/info's is under 2 KiB. */
const INFO_MAX_BYTES = 1 << 20;

async function readInfo(via: Sender, baseUrl: string, infoPath: string | null, headers: Record<string, string> = {}): Promise<Record<string, unknown> | null> {
  if (infoPath === null) return null;
  // A workload that answers with more than an info document is not read to its end.
  const sent = await via.send(new URL(infoPath, baseUrl).href, { method: 'GET', headers, body: null }, { timeoutMs: 5000, maxBytes: INFO_MAX_BYTES, fresh: false });
  if (sent?.status !== 200 || !sent.body) return null;
  try {
    return JSON.parse(sent.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** When the workload initialised, entered main and listened; null without them. */
export async function readStartTimestamps(via: Sender, baseUrl: string, infoPath: string | null): Promise<StartTimestamps | null> {
  const info = await readInfo(via, baseUrl, infoPath);
  const [start, main, listening] = [info?.startUnixNano, info?.mainUnixNano, info?.listeningUnixNano].map(Number);
  if (!start || !main || !listening) return null;
  return { startUnixNano: start, mainUnixNano: main, listeningUnixNano: listening };
}

/** The ticks a workload with background work reports under "extra" (cmd/ticker), or null. */
function ticksOf(extra: unknown): RuntimeFacts['ticks'] {
  const { ticksCompleted, ticksExpected } = (extra ?? {}) as Record<string, unknown>;
  return typeof ticksCompleted === 'number' && typeof ticksExpected === 'number' ? { completed: ticksCompleted, expected: ticksExpected } : null;
}

/** Reads what the Go runtime saw from the workload's info path (with the headers a platform wants, e.g. a signature); null if it has none. */
export async function readRuntimeFacts(via: Sender, baseUrl: string, infoPath: string | null, headers: Record<string, string> = {}): Promise<RuntimeFacts | null> {
  const raw = await readInfo(via, baseUrl, infoPath, headers);
  if (raw === null) return null;
  try {
    const info = raw as Partial<RuntimeFacts>;
    if (typeof info.gomaxprocs !== 'number') return null;
    return {
      goVersion: String(info.goVersion ?? ''),
      gomaxprocs: info.gomaxprocs,
      numCpu: Number(info.numCpu),
      // math.MaxInt64 means no limit; it does not fit a double, so it becomes null.
      gomemlimitBytes: Number(info.gomemlimitBytes) >= 2 ** 63 - 1024 ? null : Number(info.gomemlimitBytes),
      numGc: Number(info.numGc),
      gcPauseTotalNs: Number(info.gcPauseTotalNs),
      heapInuseBytes: Number(info.heapInuseBytes),
      numGoroutine: Number(info.numGoroutine),
      startUnixNano: Number(info.startUnixNano),
      cgroupCpuQuota: typeof info.cgroupCpuQuota === 'number' ? info.cgroupCpuQuota : null,
      cgroupCpuQuotaSource: typeof info.cgroupCpuQuotaSource === 'string' ? info.cgroupCpuQuotaSource : null,
      ticks: ticksOf(raw.extra),
    };
  } catch {
    return null;
  }
}
