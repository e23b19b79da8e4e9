import type Docker from 'dockerode';
import type { PlatformFacts } from '../../types.ts';
import { readMemoryPeakV2, type CgroupSnapshot } from './cgroup-stats.ts';
import { readLifeEvents } from './container-events.ts';

/** What the cgroup did between two snapshots, and how the container stands now. */
export async function containerFacts(
  docker: Docker,
  container: Docker.Container,
  before: CgroupSnapshot | null,
  after: CgroupSnapshot | null,
): Promise<PlatformFacts> {
  const info = await container.inspect();
  const events = await readLifeEvents(docker, container.id, Date.parse(info.Created));
  const oomKills = events?.oomKills ?? null;
  // A restart makes a fresh cgroup whose counters start again at zero: no delta can be trusted then.
  const restarted = (info.RestartCount ?? 0) > 0;
  const raw = (f: (s: CgroupSnapshot) => number) => (before && after && !restarted ? f(after) - f(before) : null);
  const negative = [raw((s) => s.periods), raw((s) => s.throttledNs), raw((s) => s.cpuUsageNs)].some((d) => d !== null && d < 0);
  const delta = (f: (s: CgroupSnapshot) => number) => (negative ? null : raw(f));
  const throttledNs = delta((s) => s.throttledNs);
  const usageNs = delta((s) => s.cpuUsageNs);
  const running = info.State.Running;
  return {
    cpuPeriods: delta((s) => s.periods),
    cpuThrottledPeriods: delta((s) => s.throttledPeriods),
    cpuThrottledMs: throttledNs === null ? null : throttledNs / 1e6,
    cpuUsageMs: usageNs === null ? null : usageNs / 1e6,
    memoryPeakBytes: after?.memoryMaxUsageBytes ?? readMemoryPeakV2(container.id),
    oomKills,
    oomKilled: info.State.OOMKilled || (oomKills ?? 0) > 0,
    exitCode: running ? (events?.lastExitCode ?? null) : info.State.ExitCode,
    restartCount: info.RestartCount ?? 0,
  };
}
