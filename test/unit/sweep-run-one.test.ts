// The run path through the Target interface, with a fake target in front of
// a real loopback server and the real load generator: no Docker.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildTool } from '../../src/build/tools.ts';
import { HereVantage } from '../../src/drive/here.ts';
import { ColdStartFailure } from '../../src/errors.ts';
import { expandCells } from '../../src/matrix/expand.ts';
import type { DriveContext } from '../../src/sweep/measure.ts';
import { runOne } from '../../src/sweep/run-one.ts';
import type { Deployment, Instance, Target } from '../../src/targets/index.ts';
import { DEFAULT_BUILD, type PlannedRun, type PlatformFacts, type RunSettings } from '../../src/types.ts';
import { startServer } from '../helpers/http-server.ts';
import { matrix, workload } from '../helpers/matrix.ts';

const FACTS: PlatformFacts = { cpuPeriods: null, cpuThrottledPeriods: null, cpuThrottledMs: null, cpuUsageMs: 50, memoryPeakBytes: null, oomKills: null, oomKilled: null, exitCode: null, restartCount: null };
const SETTINGS: RunSettings = { repetitions: 1, coldStarts: 3, warmupSeconds: 0, durationSeconds: 0.3, requestTimeoutMs: 1000, readyTimeoutSeconds: 1, seed: 1, isolateDriver: false, pull: false, lambdaPrices: null, cloudrunPrices: null, idleProbes: 5 };

/** How the fake platform behaves, and what it saw. */
interface Script {
  url: string;
  /** The cold start (1-based) that fails, if any. */
  failColdStart?: number;
  failFacts?: boolean;
  started: number;
  removed: number;
  marks: string[];
}

function fakeTarget(script: Script): { target: Target; deployment: Deployment } {
  const instance = (): Instance => ({
    baseUrl: script.url.replace(/\/$/, ''),
    markWindow: async (edge) => void script.marks.push(edge),
    facts: async () => {
      if (script.failFacts) throw new Error('the platform did not answer');
      return FACTS;
    },
    remove: async () => void script.removed++,
  });
  const deployment: Deployment = {
    artifact: { workload: 'svc', build: DEFAULT_BUILD, ref: 'fake:1', binaryBytes: 1, imageBytes: null, pullBytes: null, goVersion: 'go1.26', cached: true },
    async coldStart() {
      script.started++;
      if (script.started === script.failColdStart) throw new ColdStartFailure('it never answered', { cellId: 'c', hint: 'listen on $PORT', platform: { ...FACTS, exitCode: 3 } });
      return { instance: instance(), sample: { verified: true, totalMs: 10 * script.started, phasesMs: { boot: 10 * script.started }, counts: {}, firstRequestMs: null } };
    },
  };
  const target: Target = {
    name: 'fake',
    facts: {},
    limits: null,
    placement: () => ({ sutCpuset: null, driverCpuset: null, reason: 'fake' }),
    skipReason: async () => null,
    deploy: async () => deployment,
    close: async () => undefined,
  };
  return { target, deployment };
}

describe('runOne through a Target', () => {
  let loadgen: string;
  before(async () => {
    loadgen = await buildTool('loadgen');
  });
  const svc = { ...workload('svc'), infoPath: null };
  const [cell] = expandCells(matrix({ workloads: [svc], axes: [{ name: 'workload', values: ['svc'] }, { name: 'concurrency', values: [2] }] }));
  const run: PlannedRun = { runId: `${cell!.id}#1`, cell: cell!, repetition: 1, order: 1 };
  const ctx = (signal = new AbortController().signal): DriveContext => ({ here: new HereVantage(loadgen), settings: SETTINGS, signal });

  it('records every cold start, loads the last instance, and removes them all', async (t) => {
    const script: Script = { url: await startServer(t, { delayMs: 0 }), started: 0, removed: 0, marks: [] };
    const { target, deployment } = fakeTarget(script);
    const outcome = await runOne(run, target, deployment, ctx());
    assert.ok(outcome?.state === 'completed', JSON.stringify(outcome));
    assert.deepEqual(outcome.coldStarts.map((s) => s.phasesMs.boot), [10, 20, 30]);
    assert.ok(outcome.load.successes > 0);
    assert.deepEqual(script.marks, ['start', 'end'], 'the platform is read at both edges of the window');
    assert.equal(outcome.platform.cpuUsageMs, 50);
    assert.equal(typeof outcome.flags.driverLimited, 'boolean');
    assert.equal(outcome.flags.senderBehind, null, 'closed loop has no schedule to fall behind');
    assert.equal(script.removed, script.started);
  });

  it('records a failed cold start with the platform\'s facts, and removes the instances before it', async (t) => {
    const script: Script = { url: await startServer(t, { delayMs: 0 }), failColdStart: 2, started: 0, removed: 0, marks: [] };
    const { target, deployment } = fakeTarget(script);
    const outcome = await runOne(run, target, deployment, ctx());
    assert.ok(outcome?.state === 'failed');
    assert.equal(outcome.stage, 'cold-start');
    assert.match(outcome.error, /never answered/);
    assert.equal(outcome.platform?.exitCode, 3);
    assert.equal(outcome.coldStarts.length, 1, 'the cold start before the failure is kept');
    assert.equal(script.removed, 1);
  });

  it('records a platform that cannot be read after the window as a failure of collect, not drive', async (t) => {
    const script: Script = { url: await startServer(t, { delayMs: 0 }), failFacts: true, started: 0, removed: 0, marks: [] };
    const { target, deployment } = fakeTarget(script);
    const outcome = await runOne(run, target, deployment, ctx());
    assert.ok(outcome?.state === 'failed');
    assert.equal(outcome.stage, 'collect');
    assert.equal(script.removed, script.started);
  });

  it('returns nothing for an interrupted run (so --resume redoes it) and still removes the instance', async (t) => {
    const script: Script = { url: await startServer(t, { delayMs: 0 }), started: 0, removed: 0, marks: [] };
    const { target, deployment } = fakeTarget(script);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await runOne(run, target, deployment, { ...ctx(controller.signal), settings: { ...SETTINGS, durationSeconds: 5 } });
    assert.equal(outcome, null);
    assert.equal(script.removed, script.started);
  });
});
