import assert from 'node:assert/strict';
import { Duplex, PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import Docker from 'dockerode';
import { ProbeSession } from '../../src/targets/docker/remote/probe-session.ts';

/** One frame of an attach stream without a TTY: stdout (1), the length, the bytes. */
function frame(line: unknown): Buffer {
  const payload = Buffer.from(`${JSON.stringify(line)}\n`);
  const header = Buffer.alloc(8);
  header.writeUInt8(1, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** The driver's side of an attach stream: what the session wrote, and a way to answer. */
function fakeDriver() {
  const fromDriver = new PassThrough();
  const written: string[] = [];
  const stream = Duplex.from({ readable: fromDriver, writable: new PassThrough().on('data', (chunk: Buffer) => written.push(...chunk.toString().split('\n').filter(Boolean))) });
  return { stream, written, answer: (line: unknown) => fromDriver.write(frame(line)), hangUp: () => fromDriver.end() };
}

describe('the session with the driver\'s probe serve', () => {
  it('sends each command with its id and hands each its own lines, then its end', async () => {
    const driver = fakeDriver();
    const session = new ProbeSession(new Docker(), driver.stream);
    const a = session.command(['port']);
    const b = session.command(['cpu']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(driver.written.map((l) => JSON.parse(l)), [{ id: 1, args: ['port'] }, { id: 2, args: ['cpu'] }]);
    driver.answer({ id: 2, out: { busy: 5, total: 9 } });
    driver.answer({ id: 1, out: { port: 4242 } });
    driver.answer({ id: 1, exit: 0, stderr: '' });
    driver.answer({ id: 2, exit: 0, stderr: '' });
    const linesOf = async (c: typeof a) => {
      const lines = [];
      for await (const line of c.lines) lines.push(line);
      return lines;
    };
    assert.deepEqual(await linesOf(a), [{ port: 4242 }]);
    assert.deepEqual(await linesOf(b), [{ busy: 5, total: 9 }]);
    assert.deepEqual(await a.ended, { exitCode: 0, stderr: '' });
  });

  it('stop tells the driver and ends the command here at once; a deadline ends a silent one', async () => {
    const driver = fakeDriver();
    const session = new ProbeSession(new Docker(), driver.stream);
    const ready = session.command(['ready', '-url', 'http://127.0.0.1:1/']);
    ready.stop();
    assert.deepEqual(await ready.ended, { exitCode: null, stderr: 'stopped' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(JSON.parse(driver.written.at(-1) as string), { id: 1, stop: true });
    const silent = session.command(['get', '-url', 'http://127.0.0.1:1/'], 20);
    assert.match((await silent.ended).stderr, /no answer from the driver within 20 ms/);
  });

  it('ends every command in flight when the driver goes away, and fails later ones', async () => {
    const driver = fakeDriver();
    const session = new ProbeSession(new Docker(), driver.stream);
    const pending = session.command(['ready', '-url', 'http://127.0.0.1:1/']);
    driver.hangUp();
    assert.deepEqual(await pending.ended, { exitCode: null, stderr: 'the driver container went away' });
    assert.equal(session.open, false);
    assert.equal((await session.command(['cpu']).ended).exitCode, null);
  });
});
