import type Docker from 'dockerode';

/** The last lines a container wrote, for error messages. Docker multiplexes them in 8-byte-headed frames. */
export async function lastLogLines(container: Docker.Container, lines = 10): Promise<string> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as Buffer;
    const out: string[] = [];
    for (let at = 0; at + 8 <= raw.length; ) {
      const size = raw.readUInt32BE(at + 4);
      out.push(raw.subarray(at + 8, at + 8 + size).toString('utf8'));
      at += 8 + size;
    }
    return out.join('').trim();
  } catch {
    return '';
  }
}
