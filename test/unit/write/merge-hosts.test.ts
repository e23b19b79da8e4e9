import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SweepMeta } from '../../../src/types.ts';
import { hostDifferences, type ShardFolder } from '../../../src/write/merge.ts';

/** A shard run from one machine (`driver`) on an engine (`engine`), local or remote. */
function shard(driver: { cpuModel: string; kernel: string }, engine: { remote: boolean; cpuModel?: string; kernel: string; cpus: number }): ShardFolder {
  const meta = { host: { ...driver, cpus: 2, targets: { docker: { serverVersion: '20.10.24', ...engine } } } } as unknown as SweepMeta;
  return { dir: '/x', meta } as ShardFolder;
}

describe('merge compares the hosts the workloads ran on', () => {
  it('on remote engines: theirs, not those of the machine that drove them', () => {
    const laptop = { cpuModel: 'Apple M3', kernel: '6.1' };
    const a = shard(laptop, { remote: true, cpuModel: 'AMD EPYC 7B13', kernel: '6.18', cpus: 8 });
    const b = shard(laptop, { remote: true, cpuModel: 'Intel Xeon 8375C', kernel: '6.18', cpus: 8 });
    assert.deepEqual(hostDifferences([a, b]), ['the shards ran on different CPU model: AMD EPYC 7B13, Intel Xeon 8375C; compare their cells with care']);
  });

  it('two machines driving one remote engine host do not differ', () => {
    const engine = { remote: true, cpuModel: 'AMD EPYC 7B13', kernel: '6.18', cpus: 8 };
    assert.deepEqual(hostDifferences([shard({ cpuModel: 'Apple M3', kernel: '6.1' }, engine), shard({ cpuModel: 'Intel i7', kernel: '5.15' }, engine)]), []);
  });

  it('warns when some shards reached their engine over the network and others through its socket', () => {
    const host = { cpuModel: 'AMD EPYC', kernel: '6.18' };
    const differences = hostDifferences([shard(host, { remote: false, kernel: '6.18', cpus: 2 }), shard(host, { remote: true, cpuModel: 'AMD EPYC', kernel: '6.18', cpus: 2 })]);
    assert.deepEqual(differences, ['the shards ran on different engine access: socket (local engine), driver container (remote engine); compare their cells with care']);
  });

  it('on local engines: the machines themselves', () => {
    const a = shard({ cpuModel: 'AMD EPYC', kernel: '6.18' }, { remote: false, kernel: '6.18', cpus: 2 });
    const b = shard({ cpuModel: 'AMD EPYC', kernel: '6.1' }, { remote: false, kernel: '6.1', cpus: 2 });
    assert.deepEqual(hostDifferences([a, b]), ['the shards ran on different kernel: 6.18, 6.1; compare their cells with care']);
  });
});
