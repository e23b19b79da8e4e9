import Docker from 'dockerode';
import { HarnessError } from '../../errors.ts';

/** Facts about the Docker engine that matter for reading results. */
export interface DockerHost {
  serverVersion: string;
  apiVersion: string;
  cgroupVersion: string;
  cgroupDriver: string;
  cpus: number;
  memoryBytes: number;
  kernel: string;
  os: string;
  architecture: string;
  /** GOARCH matching the engine's architecture. */
  goarch: string;
  /** Where the engine was reached: DOCKER_HOST, or the local socket. */
  endpoint: string;
}

const GOARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', arm64: 'arm64', amd64: 'amd64' };

/** The engine named by DOCKER_HOST, or the local socket, as the docker CLI picks it. */
export function connectDocker(): Docker {
  return new Docker();
}

/** Fails with the fix when no engine answers, or when it is not on this machine; otherwise describes it. */
export async function inspectDockerHost(docker: Docker): Promise<DockerHost> {
  const endpoint = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!/^unix:\/\/|^npipe:\/\/|^tcp:\/\/(127\.0\.0\.1|localhost)(:|$)/.test(endpoint)) {
    throw new HarnessError(`DOCKER_HOST=${endpoint} is not on this machine, but the load goes to 127.0.0.1`, {
      stage: 'preflight',
      hint: 'run gosweep on the Docker host itself (e.g. one CI job per host, with --shard k/n), or unset DOCKER_HOST',
    });
  }
  try {
    await docker.ping();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ECONNREFUSED' ? 'no Docker engine is running' : (err as Error).message;
    throw new HarnessError(`cannot reach the Docker engine at ${endpoint}: ${why}`, {
      stage: 'preflight',
      hint:
        code === 'EACCES'
          ? 'add your user to the docker group (sudo usermod -aG docker $USER) and log in again'
          : 'run npm run setup (installs Debian\'s docker.io if missing and starts dockerd), or point DOCKER_HOST at a running engine',
      cause: err,
    });
  }
  const [info, version] = await Promise.all([docker.info(), docker.version()]);
  return {
    serverVersion: info.ServerVersion,
    apiVersion: version.ApiVersion,
    cgroupVersion: String(info.CgroupVersion ?? '1'),
    cgroupDriver: info.CgroupDriver,
    cpus: info.NCPU,
    memoryBytes: info.MemTotal,
    kernel: info.KernelVersion,
    os: info.OperatingSystem,
    architecture: info.Architecture,
    goarch: GOARCH[info.Architecture] ?? info.Architecture,
    endpoint,
  };
}
