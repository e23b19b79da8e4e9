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
  /**
   * Reached over tcp or ssh: its host's loopback may not be this machine's
   * (a forwarded port looks local), so requests and load go from a driver
   * container there.
   */
  remote: boolean;
  /** The median round trip of the Engine API's ping, in ms: what each engine call adds. */
  engineRttMs: number;
}

const GOARCH: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', arm64: 'arm64', amd64: 'amd64' };

/** The engine named by DOCKER_HOST, or the local socket, as the docker CLI picks it. */
export function connectDocker(): Docker {
  return new Docker();
}

/** Whether an endpoint is reached over the network (tcp, ssh) rather than a socket of this machine. */
export const isRemoteEndpoint = (endpoint: string) => !/^(unix|npipe):\/\//.test(endpoint);

/** Fails with the fix when no engine answers; otherwise describes it. */
export async function inspectDockerHost(docker: Docker): Promise<DockerHost> {
  const endpoint = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (!/^(unix|npipe|tcp|ssh):\/\//.test(endpoint)) {
    throw new HarnessError(`DOCKER_HOST=${endpoint} is not an engine address gosweep can reach`, {
      stage: 'preflight',
      hint: 'use unix:///path/to/docker.sock, tcp://host:port (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for TLS) or ssh://user@host',
    });
  }
  if (endpoint.startsWith('ssh://')) {
    // docker-modem opens an SSH session and runs `docker system dial-stdio` there for every call: processes on the engine host inside the timed spans.
    throw new HarnessError(`DOCKER_HOST=${endpoint}: over ssh, every Engine API call would start an ssh session and a process on the engine host, in the middle of what gosweep times`, {
      stage: 'preflight',
      hint: `forward the engine's socket once and use that: ssh -NfL 127.0.0.1:2375:/var/run/docker.sock ${endpoint.slice('ssh://'.length)} && DOCKER_HOST=tcp://127.0.0.1:2375`,
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
  const engineRttMs = await medianPingMs(docker);
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
    remote: isRemoteEndpoint(endpoint),
    engineRttMs,
  };
}

async function medianPingMs(docker: Docker): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const at = performance.now();
    await docker.ping();
    samples.push(performance.now() - at);
  }
  return Math.round(samples.sort((a, b) => a - b)[2]! * 1000) / 1000;
}

/** Refuses a remote engine for a target whose emulator runs here and reads the engine's containers on this machine. */
export function requireLocalEngine(host: DockerHost, target: string): void {
  if (!host.remote) return;
  throw new HarnessError(`${target} needs the Docker engine on this machine, but DOCKER_HOST=${host.endpoint}: its emulator runs here and reaches its containers on 127.0.0.1 and in /sys/fs/cgroup`, {
    stage: 'preflight',
    hint: `run the ${target} cells where the engine runs (a shard per host, with --shard k/n), or unset DOCKER_HOST`,
  });
}
