// Where a workload runs. Every target (Docker, a bare process, and later Lambda
// and Cloud Run) implements these; the sweep, knee and cleanup use nothing else.
import type { Problem } from '../errors.ts';
import type { Workload, Cell, ColdStartSample, CpuPlacement, DeployedArtifact, PlannedRun, PlatformFacts, RunSettings, Vantage } from '../types.ts';

/** A named figure of a cold start; it becomes the `<name>_ms` columns. */
export interface PhaseSpec {
  name: string;
  doc: string;
}

/** A named count recorded beside the phases; it becomes a `<name>` column of cold-starts.csv. */
export interface CountSpec {
  name: string;
  doc: string;
}

/** A cell this target cannot run as asked, found before anything starts. */
export interface CellProblem {
  cellId: string;
  message: string;
  fix: string;
}

/** What a target needs from the sweep that opens it. */
export interface TargetScope {
  sweepId: string;
  settings: RunSettings;
  signal: AbortSignal;
  log: (line: string) => void;
}

/** What of a workload a target can run; cells that ask for more are refused at --dry-run. */
export interface WorkloadSupport {
  /** image: and dockerfile: workloads; without it, Go source only. */
  images: boolean;
  /** A portEnv other than PORT, {port} in args, a fixed port. */
  listen: boolean;
  /** Methods other than GET, bodies, and a mix of several requests. */
  requests: boolean;
}

/** Each workload of these cells once. */
export function uniqueWorkloads(cells: readonly Cell[]): Workload[] {
  return [...new Map(cells.map((c) => [c.workload.name, c.workload])).values()];
}

/** What `cleanup` removes: see TargetModule.cleanup. */
export interface CleanupScope {
  all: boolean;
  sweep?: string;
}

/** A target's module: what it is, checked without starting anything, and opened for a sweep. */
export interface TargetModule {
  readonly name: string;
  /** Its cold-start phases, in the order they happen. */
  readonly phases: readonly PhaseSpec[];
  readonly counts: readonly CountSpec[];
  readonly supports: WorkloadSupport;
  /** Problems with cells found offline, for --dry-run: every one at once. */
  check(cells: Cell[]): CellProblem[];
  /** Preflight: reaches the platform and fails with the fix when it cannot. */
  open(scope: TargetScope): Promise<Target>;
  /**
   * Removes what sweeps left on this platform: those of dead sweeps, or
   * everything with `all`. With `sweep`, also all that sweep left, whatever
   * host made it (an earlier attempt of a retried Job task or pod, resumed
   * here). Returns what it removed.
   */
  cleanup(opts: CleanupScope): Promise<string[]>;
}

/** A target opened for one sweep. */
export interface Target {
  readonly name: string;
  /** Facts about the platform for meta.json (versions, limits), with no secret in them. */
  readonly facts: Record<string, unknown>;
  /** The most one instance may be given, to check the matrix's cpus and memory against; null where the platform has its own rules. */
  readonly limits: { cpus: number; memoryBytes: number } | null;
  /** The CPUs a cell's instance and the load generator get. */
  placement(cell: Cell): CpuPlacement;
  /** Words that tell this cell's deployment from another of the same workload and build (Lambda's arch), if any. */
  variantOf?(cell: Cell): string[];
  /** Problems only the opened platform shows (an image not in the engine), for every cell at once; checked before anything starts. */
  checkOnPlatform?(cells: Cell[]): Promise<Problem[]>;
  /** Why this cell cannot run here (recorded as skipped), or null. */
  skipReason(cell: Cell): Promise<string | null>;
  /** Builds and publishes what the cell runs; called once per workload and build variant. */
  deploy(cell: Cell): Promise<Deployment>;
  /**
   * After each run, begun at `since` (performance.now()): resolves once the
   * platform answers, with how long it did not during the run (0: it stayed);
   * throws a HarnessError after a bounded wait.
   */
  awaitPlatform?(signal: AbortSignal, since: number): Promise<number>;
  /** Ends what the sweep started here (a registry, say). */
  close(): Promise<void>;
}

export interface Deployment {
  artifact: DeployedArtifact;
  /**
   * Starts a fresh instance and times it until it answers its health path.
   * Throws ColdStartFailure (with the platform's facts and log tail) when it
   * never answers, and Interrupted when the signal fires.
   */
  coldStart(run: PlannedRun, placement: CpuPlacement, signal: AbortSignal): Promise<{ instance: Instance; sample: ColdStartSample }>;
}

/** A running instance of a cell, reachable at baseUrl. */
export interface Instance {
  baseUrl: string;
  /** Where requests to it must be sent from, when not from this machine (a remote engine's host). */
  via?: Vantage;
  /** A response header naming the instance that answered, counted by the load generator (serverless targets). */
  countHeader?: string;
  /** Headers a GET of this URL needs (an AWS signature); the same headers serve the whole window. */
  headersFor?(url: string): Promise<Record<string, string>>;
  /** Read the platform's counters at an edge of the measured window. */
  markWindow(edge: 'start' | 'end'): Promise<void>;
  /** What the platform did between the window's marks, and how the instance stands. */
  facts(): Promise<PlatformFacts>;
  remove(): Promise<void>;
}
