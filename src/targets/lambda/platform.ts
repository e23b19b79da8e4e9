import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Cell } from '../../types.ts';

/** What differs between AWS and the local emulation: the client's endpoint, the role, and what only an emulator can see. */
export interface LambdaPlatform {
  name: string;
  client: LambdaClient;
  role: string;
  facts: Record<string, unknown>;
  /** The emulator's counters and coupling; null on AWS, which hides them. */
  local: LocalCounters | null;
  /** Why a cell cannot run here (arm64 on an x86 host), or null. */
  cannotRun(cell: Cell): string | null;
  close(): Promise<void>;
}

/** What an emulator can count that AWS keeps to itself. */
export interface LocalCounters {
  /** Invocations, new environments, throttles and billed ms of a function so far. */
  counters(functionName: string): { invocations: number; coldStarts: number; throttles: number; billedMs: number };
  /** The CPU an environment of this tier gets, and whether the host capped it. */
  coupling(memoryMb: number): { cpus: number; capped: boolean };
  /** CPU time this process (the emulator's data path) has used, in µs. */
  cpuUsageUs(): number;
  /** The CFS counters of each of the function's environments, by environment id. */
  cpuStats(functionName: string): Map<string, { periods: number; throttledPeriods: number; throttledNs: number }>;
}
