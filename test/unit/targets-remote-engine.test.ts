import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Docker from 'dockerode';
import { HarnessError } from '../../src/errors.ts';
import { inspectDockerHost, isRemoteEndpoint } from '../../src/targets/docker/engine-host.ts';
import { engineStampMs } from '../../src/targets/docker/remote/engine-clock.ts';
import { askArgs } from '../../src/targets/docker/remote/remote-vantage.ts';

describe('a remote Docker engine', () => {
  it('is any engine reached over the network, even at 127.0.0.1: a forwarded port looks local', () => {
    assert.equal(isRemoteEndpoint('unix:///var/run/docker.sock'), false);
    assert.equal(isRemoteEndpoint('npipe:////./pipe/docker_engine'), false);
    assert.equal(isRemoteEndpoint('tcp://127.0.0.1:2375'), true);
    assert.equal(isRemoteEndpoint('tcp://build-7.example:2376'), true);
    assert.equal(isRemoteEndpoint('ssh://ci@build-7'), true);
  });

  it('refuses ssh:// before calling the engine, with the forwarding that does the same once', async () => {
    const before = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'ssh://ci@build-7';
    try {
      await assert.rejects(inspectDockerHost(new Docker({ host: '192.0.2.1', port: 9 })), (err: HarnessError) => {
        assert.match(err.message, /every Engine API call would start an ssh session/);
        assert.equal(err.hint, 'forward the engine\'s socket once and use that: ssh -NfL 127.0.0.1:2375:/var/run/docker.sock ci@build-7 && DOCKER_HOST=tcp://127.0.0.1:2375');
        return true;
      });
    } finally {
      if (before === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = before;
    }
  });

  it('reads the engine\'s nanosecond stamps to the microsecond, in any zone', () => {
    const whole = Date.parse('2026-11-29T20:16:35Z');
    assert.equal(engineStampMs('2026-11-29T20:16:35Z'), whole);
    assert.ok(Math.abs(engineStampMs('2026-11-29T20:16:35.123456789Z') - (whole + 123.456789)) < 1e-3);
    assert.ok(Math.abs(engineStampMs('2026-11-29T21:16:35.5+01:00') - (whole + 500)) < 1e-3);
    assert.ok(Number.isNaN(engineStampMs('0001-01-01')));
  });

  it('asks the probe as the workload\'s request says', () => {
    assert.deepEqual(askArgs({ method: 'GET', headers: {}, body: null }), []);
    assert.deepEqual(askArgs({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a": 1}' }), ['-method', 'POST', '-header', 'Content-Type: application/json', '-body', '{"a": 1}']);
  });
});
