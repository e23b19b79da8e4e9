import { request } from 'undici';
import type { RuntimeFacts } from '../types.ts';

/** Reads what the Go runtime saw from the workload's info path; null if it has none. */
export async function readRuntimeFacts(baseUrl: string, infoPath: string | null): Promise<RuntimeFacts | null> {
  if (infoPath === null) return null;
  try {
    const res = await request(new URL(infoPath, baseUrl), { headersTimeout: 5000, bodyTimeout: 5000 });
    if (res.statusCode !== 200) {
      await res.body.dump();
      return null;
    }
    const info = (await res.body.json()) as Partial<RuntimeFacts>;
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
    };
  } catch {
    return null;
  }
}
