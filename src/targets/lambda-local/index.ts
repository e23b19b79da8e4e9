import { LambdaClient } from '@aws-sdk/client-lambda';
import { buildTool } from '../../build/tools.ts';
import { LambdaTarget, LAMBDA_COUNTS, LAMBDA_PHASES, checkLambdaCells } from '../lambda/index.ts';
import { connectDocker, docker, inspectDockerHost, requireLocalEngine } from '../docker/index.ts';
import type { TargetModule } from '../target.ts';
import { ControlApi } from './control-api.ts';
import { coupledCpus, LambdaEmulator, LOCAL_REGION } from './emulator.ts';

/** Environments idle this long are retired (AWS keeps them for minutes; a sweep's runs reconfigure long before). */
const IDLE_TIMEOUT_MS = 5 * 60_000;
const MAX_CONCURRENCY = 64;

/**
 * Lambda emulated on this machine's Docker engine: the same lambda target and
 * SDK calls, pointed at an emulator of Lambda's API and Runtime API.
 */
export const lambdaLocal: TargetModule = {
  name: 'lambda-local',
  phases: LAMBDA_PHASES,
  counts: LAMBDA_COUNTS,
  supports: { images: false, listen: false, requests: false },
  check: (cells) => checkLambdaCells(cells, { needsRole: false }),
  async open(scope) {
    const docker = connectDocker();
    const [host, initPath] = await Promise.all([inspectDockerHost(docker), buildTool('lambda-init')]);
    requireLocalEngine(host, 'lambda-local');
    const emulator = new LambdaEmulator({ docker, hostCpus: host.cpus, sweepId: scope.sweepId, idleTimeoutMs: IDLE_TIMEOUT_MS, maxConcurrency: MAX_CONCURRENCY, initPath });
    const api = await ControlApi.start(emulator);
    // Placeholder credentials: the SDK signs every request, and the emulator reads no signature.
    // One attempt: a retried invoke would be timed as one slow cold start.
    const client = new LambdaClient({ endpoint: api.endpoint, region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    const hostArch = host.goarch === 'arm64' ? 'arm64' : 'x86_64';
    return new LambdaTarget(
      {
        name: 'lambda-local',
        client,
        role: 'arn:aws:iam::000000000000:role/lambda-local',
        facts: { docker: host.serverVersion, cpus: host.cpus, ...emulator.facts() },
        local: {
          counters: (name) => ({ ...emulator.get(name).counters }),
          cpuStats: (name) => emulator.cpuStats(name),
          coupling: (memoryMb) => coupledCpus(memoryMb, host.cpus),
          cpuUsageUs: () => {
            const { user, system } = process.cpuUsage();
            return user + system;
          },
        },
        cannotRun: (cell) =>
          cell.lambda.arch !== hostArch
            ? `lambda.arch ${cell.lambda.arch} cannot run on this ${hostArch} host's Docker engine; run it on target lambda, or on an ${cell.lambda.arch} host`
            : null,
        close: async () => {
          client.destroy();
          await api.close();
          await emulator.close();
        },
      },
      scope,
    );
  },
  // Its environments are containers with the sweep's labels: the docker target's cleanup removes them.
  cleanup: (scope) => docker.cleanup(scope),
};
