import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { DriverUsage } from './recorder.ts';

/** Driver CPU above this many cores, or an event loop lagging this much, marks the run as driver-limited. */
export const DRIVER_LIMIT_CORES = 0.8;
export const DRIVER_LIMIT_LOOP_DELAY_MS = 20;

/** Measures the load generator's own CPU and event-loop lag from now until the returned function is called. */
export function watchDriver(): () => DriverUsage {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  return () => {
    const cpu = process.cpuUsage(cpuBefore);
    loopDelay.disable();
    const cpuCores = (cpu.user + cpu.system) / 1000 / Math.max(1, performance.now() - started);
    const loopDelayP99Ms = loopDelay.percentile(99) / 1e6;
    return { cpuCores, loopDelayP99Ms, limited: cpuCores >= DRIVER_LIMIT_CORES || loopDelayP99Ms >= DRIVER_LIMIT_LOOP_DELAY_MS };
  };
}
