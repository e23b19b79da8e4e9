import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';

/** A second Docker engine in a network namespace of its own, reached over TCP as a remote one would be. */
export interface IsolatedEngine {
  /** tcp://127.0.0.1:port: a forwarded port, which looks local but is not the engine's loopback. */
  dockerHost: string;
  docker: Docker;
  stop(): Promise<void>;
}

/** Why an isolated engine cannot be started here, or null. */
export function isolatedEngineUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'a second dockerd in its own network namespace needs root';
  for (const tool of ['dockerd', 'unshare', 'ip']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `${tool} is not installed`;
    }
  }
  return null;
}

/**
 * Starts dockerd in a new network namespace (only its own loopback), with its
 * own data, exec root and containerd namespace, listening on a unix socket
 * that a TCP forwarder on this machine's 127.0.0.1 exposes. Requests from here
 * to the engine's containers cannot arrive: only the Engine API crosses.
 */
export async function startIsolatedEngine(): Promise<IsolatedEngine> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gosweep-engine-'));
  const socket = path.join(root, 'docker.sock');
  const log = fs.openSync(path.join(root, 'dockerd.log'), 'a');
  const name = path.basename(root);
  const dockerd = [
    'dockerd', `--data-root=${root}/data`, `--exec-root=${root}/exec`, `--pidfile=${root}/docker.pid`, `-H=unix://${socket}`,
    '--bridge=none', '--iptables=false', '--ip-masq=false', `--containerd-namespace=${name}`, `--containerd-plugins-namespace=${name}-plugins`,
  ].join(' ');
  const child = spawn('unshare', ['--net', 'sh', '-c', `ip link set lo up && exec ${dockerd}`], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  const local = new Docker({ socketPath: socket });
  for (let i = 0; ; i++) {
    if (await local.ping().then(() => true, () => false)) break;
    if (i > 120 || child.exitCode !== null) throw new Error(`the isolated dockerd did not start: ${fs.readFileSync(path.join(root, 'dockerd.log'), 'utf8').slice(-2000)}`);
    await sleep(250);
  }
  const forwarder = await forwardToSocket(socket);
  return {
    dockerHost: forwarder.dockerHost,
    docker: new Docker({ host: '127.0.0.1', port: forwarder.port, protocol: 'http' }),
    async stop() {
      forwarder.close();
      // dockerd is its process group's leader (unshare and sh exec it), with its containerd in the group.
      const pid = child.pid as number;
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 120 && isAlive(pid); i++) await sleep(250);
      // One that will not stop must not outlive the test: a later one would take it for the machine's engine.
      if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
      for (let i = 0; i < 40 && isAlive(pid); i++) await sleep(250);
      if (isAlive(pid)) throw new Error(`the isolated dockerd (pid ${pid}) did not stop; kill it by hand`);
      // What dockerd leaves mounted (its netns file, overlays of a crash), innermost first.
      const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(root));
      for (const m of mounts.reverse()) execFileSync('umount', ['-l', m]);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A TCP port on this machine's 127.0.0.1 that forwards to an engine's unix socket, as an SSH tunnel would. */
export async function forwardToSocket(socket: string): Promise<{ port: number; dockerHost: string; close: () => void }> {
  const forwarder = net.createServer((client) => {
    const engine = net.connect(socket);
    client.pipe(engine).pipe(client);
    const close = () => {
      client.destroy();
      engine.destroy();
    };
    client.on('error', close);
    engine.on('error', close);
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  const { port } = forwarder.address() as net.AddressInfo;
  return { port, dockerHost: `tcp://127.0.0.1:${port}`, close: () => forwarder.close() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
