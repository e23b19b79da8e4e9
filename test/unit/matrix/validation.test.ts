import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, type Problem } from '../../../src/errors.ts';
import { loadMatrix, type HostLimits } from '../../../src/matrix/load.ts';
import { tmpDir, writeFile } from '../../helpers/tmp.ts';

type Want = Partial<Problem> & { messageIncludes?: string; fixIncludes?: string[]; fixExcludes?: string };

/** The problems and warnings loadMatrix reports for a matrix file. */
function validate(t: Parameters<typeof tmpDir>[0], yaml: string, host: HostLimits = {}): { problems: Problem[]; warnings: Problem[] } {
  const file = writeFile(tmpDir(t), 'm.yaml', yaml);
  const warnings: Problem[] = [];
  try {
    loadMatrix(file, host, (w) => warnings.push(w));
  } catch (err) {
    assert.ok(err instanceof UsageError, `expected UsageError, got ${String(err)}`);
    return { problems: err.problems, warnings };
  }
  return { problems: [], warnings };
}

function expectProblems(got: Problem[], want: Want[]): void {
  assert.equal(got.length, want.length, JSON.stringify(got, null, 2));
  want.forEach((w, i) => {
    const p = got[i] as Problem;
    const { messageIncludes, fixIncludes, fixExcludes, ...exact } = w;
    for (const [k, v] of Object.entries(exact)) assert.equal(p[k as keyof Problem], v, `${k} of ${JSON.stringify(p)}`);
    if (messageIncludes) assert.ok(p.message.includes(messageIncludes), p.message);
    for (const part of fixIncludes ?? []) assert.ok(p.fix.includes(part), `fix lacks "${part}": ${p.fix}`);
    if (fixExcludes) assert.ok(!p.fix.includes(fixExcludes), `fix has "${fixExcludes}": ${p.fix}`);
  });
}

const claim = (body: string) => `name: x\nworkloads: [cpu]\naxes:\n  env:\n    GOMAXPROCS: [1, 16]\nclaims:\n  - id: C1\n    says: s\n${body}`;

describe('loadMatrix validation', () => {
  const cases: Array<{ name: string; yaml: string; host?: HostLimits; want: Want[] }> = [
    {
      name: 'a bound with no unit on a latency claim, with the unit to write (#1)',
      yaml: claim('    metric: p99\n    atMost: 2\n'),
      want: [{ path: 'claims[0].atMost', line: 10, col: 13, messageIncludes: 'p99 is in ms', fixIncludes: ['atMost: 2ms'] }],
    },
    {
      name: 'a bound in a unit of the wrong kind (#1)',
      yaml: claim('    metric: memory\n    atMost: 2ms\n'),
      want: [{ path: 'claims[0].atMost', line: 10, messageIncludes: "'ms' is not a size", fixIncludes: ['MiB'] }],
    },
    {
      name: 'a unit on a ratio, which has none (#1)',
      yaml: claim('    metric: p99\n    ratio: { of: { env.GOMAXPROCS: 16 }, to: { env.GOMAXPROCS: 1 } }\n    atLeast: 2ms\n'),
      want: [{ path: 'claims[0].atLeast', line: 11, messageIncludes: 'ratio', fixIncludes: ['atLeast: 2'] }],
    },
    {
      name: 'bounds that no value can meet (#1)',
      yaml: claim('    metric: rps\n    atLeast: 500rps\n    atMost: 100rps\n'),
      want: [{ path: 'claims[0].atLeast', line: 10, messageIncludes: 'above atMost' }],
    },
    {
      name: 'an unknown claim metric, with the metrics allowed and a did-you-mean (#2)',
      yaml: claim('    metric: p99ms\n    atMost: 2ms\n'),
      want: [{ path: 'claims[0].metric', line: 9, col: 13, messageIncludes: "unknown metric 'p99ms'", fixIncludes: ['did you mean p99', 'p50, p99', 'oom_kills', 'package_init_ms_median'], fixExcludes: 'cell_label' }],
    },
    {
      name: 'GOMEMLIMIT as a bare number (bytes to Go) and above 100% (#5)',
      yaml: 'name: x\nworkloads: [alloc]\naxes:\n  memory: [256m]\n  env:\n    GOMEMLIMIT: [80, 150%, 80%, 200MiB]\n',
      want: [
        { path: 'axes.env.GOMEMLIMIT[0]', line: 6, col: 18, messageIncludes: '80 bytes', fixIncludes: ['80MiB', '80%'] },
        { path: 'axes.env.GOMEMLIMIT[1]', line: 6, col: 22, messageIncludes: 'above 100%' },
      ],
    },
    {
      name: 'an exclude that leaves no cell (#6)',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  cpus: [1, 2]\nexclude:\n  - { workload: hello }\n',
      want: [{ path: 'exclude', line: 6, col: 3, messageIncludes: 'no cell', fixIncludes: ['exclude'] }],
    },
    {
      name: 'a near-miss of a Go runtime variable (#7)',
      yaml: 'name: x\nworkloads: [cpu]\naxes:\n  env:\n    GOMAXPROC: [1, 16]\n    gogc: [50]\n',
      want: [
        { path: 'axes.env.GOMAXPROC', line: 5, col: 5, messageIncludes: 'Go ignores', fixIncludes: ['did you mean GOMAXPROCS?'] },
        { path: 'axes.env.gogc', line: 6, col: 5, fixIncludes: ['did you mean GOGC?'] },
      ],
    },
    {
      name: 'a memory unit error and a memory below the minimum, at once (#8)',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  memory: [lots, 4m]\n',
      want: [
        { path: 'axes.memory[0]', line: 4, col: 12 },
        { path: 'axes.memory[1]', line: 4, col: 18, messageIncludes: 'below' },
      ],
    },
    {
      name: 'a bad health path and a missing path:, at once (#8)',
      yaml: 'name: x\nworkloads:\n  - { name: svc, healthPath: health }\n',
      want: [
        { path: 'workloads[0]', line: 3, col: 5, messageIncludes: "no bundled workload named 'svc'", fixIncludes: ['path: ./path/to/main/package'] },
        { path: 'workloads[0].healthPath', line: 3, col: 30, fixIncludes: ['healthPath: /health'] },
      ],
    },
    {
      name: 'a bad claim and a bad bound in another claim, at once (#8)',
      yaml: claim('    metric: p99\n    atMost: 2\n  - { id: C2, metric: rps, atLeast: 5 }\n'),
      want: [
        { path: 'claims[0].atMost', line: 10 },
        { path: 'claims[1].says', line: 11, col: 5, messageIncludes: "'says' is missing" },
        { path: 'claims[1].atLeast', line: 11, messageIncludes: 'rps is in rps' },
      ],
    },
    {
      name: 'an axis that is no list once, not again as a missing axis in exclude',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  cpus: 2\nexclude:\n  - { cpus: 2 }\n',
      want: [{ path: 'axes.cpus', line: 4, col: 9 }],
    },
    {
      name: 'an unknown key under axes.build, listing the build keys (#9, #11)',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  build:\n    strp: [true]\n',
      want: [{ path: 'axes.build', line: 5, col: 5, fixIncludes: ["did you mean 'strip'?", 'allowed here: tags, strip, trimpath, go, base, upx, pad'], fixExcludes: 'cpus' }],
    },
    {
      name: 'an unknown key in a claim, listing the claim keys (#9, #11)',
      yaml: claim('    metric: rps\n    atLeast: 5rps\n    wher: { env.GOMAXPROCS: 1 }\n'),
      want: [{ path: 'claims[0]', line: 11, col: 5, fixIncludes: ["did you mean 'where'?", 'allowed here: id, says, metric, where, ratio, atLeast, atMost'], fixExcludes: 'workloads' }],
    },
    {
      name: 'an empty workloads list, naming every bundled workload (#10)',
      yaml: 'name: x\nworkloads: []\n',
      want: [{ path: 'workloads', line: 2, fixIncludes: ['alloc, cpu, hello, init-heavy, io, ticker'] }],
    },
    {
      name: 'a misspelled bundled workload (#11)',
      yaml: 'name: x\nworkloads: [helo]\n',
      want: [{ path: 'workloads[0]', line: 2, col: 13, fixIncludes: ['did you mean hello?', 'alloc, cpu, hello, init-heavy, io, ticker'] }],
    },
    {
      name: 'a misspelled run key (#11)',
      yaml: 'name: x\nworkloads: [hello]\nrun:\n  repetiton: 3\n',
      want: [{ path: 'run', line: 4, col: 3, fixIncludes: ["did you mean 'repetitions'?"] }],
    },
    {
      name: 'misspelled axis names and workloads in exclude and where (#11)',
      yaml: 'name: x\nworkloads: [hello, cpu]\naxes:\n  env:\n    GOGC: [50, 100]\nexclude:\n  - { workload: helo, env.GOG: 50 }\nclaims:\n  - { id: C1, says: s, metric: rps, where: { workload: cpuu }, atLeast: 1rps }\n',
      want: [
        { path: 'exclude[0].workload', line: 7, col: 17, fixIncludes: ['did you mean hello?'] },
        { path: 'exclude[0]', line: 7, col: 23, messageIncludes: "'env.GOG' is not an axis", fixIncludes: ['did you mean env.GOGC?'] },
        { path: 'claims[0].where.workload', line: 9, col: 56, fixIncludes: ['did you mean cpu?'] },
      ],
    },
    {
      name: 'more CPUs and memory than the host has (#4)',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  cpus: [1, 4]\n  memory: [512m, 4g]\n',
      host: { cpus: 2, memoryBytes: 2 * 1024 ** 3 },
      want: [
        { path: 'axes.cpus[1]', line: 4, col: 13, fixIncludes: ['at most 2'] },
        { path: 'axes.memory[1]', line: 5, col: 18, fixIncludes: ['at most 2048m'] },
      ],
    },
    // Found by malformed.property.test.ts: yaml parses these, then threw converting them (a crash, exit 70).
    {
      name: 'an alias before its anchor, at the alias',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  cpus: *cpus\n  memory: &cpus [256m]\n',
      want: [{ path: '', line: 4, col: 9, message: 'alias *cpus has no anchor &cpus before it', fixIncludes: ['set &cpus on a value above this alias'] }],
    },
    {
      name: 'aliases of aliases that expand past yaml\'s limit (a billion laughs), at the first alias',
      yaml: 'name: x\nworkloads: [hello]\nx: &x [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &y [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\nz: &z [*y, *y, *y, *y, *y, *y, *y, *y, *y, *y]\nw: [*z, *z]\n',
      want: [{ path: '', line: 4, col: 8, messageIncludes: 'more values than yaml allows', fixIncludes: ['write the values out'] }],
    },
    {
      name: 'a YAML 1.1 merge key of no map, at the key',
      yaml: '%YAML 1.1\n---\nname: x\nworkloads: [hello]\nrun:\n  <<: [3]\n',
      want: [{ path: '', line: 6, col: 3, messageIncludes: 'Merge sources must be maps', fixIncludes: ['merge (<<) a map'] }],
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name}`, (t) => {
      expectProblems(validate(t, c.yaml, c.host).problems, c.want);
    });
  }

  it('reads claim bounds in their unit, stored in the column\'s unit (#1)', (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', claim('    metric: p99\n    atMost: 2ms\n  - { id: C2, says: s, metric: memory, atMost: 64MiB }\n  - { id: C3, says: s, metric: rps, atLeast: 500rps }\n  - { id: C4, says: s, metric: cold_start, atMost: 0.1s }\n  - { id: C5, says: s, metric: oom_kills, atMost: 0 }\n'));
    const claims = loadMatrix(file).claims.filter((c) => typeof c !== 'string');
    assert.deepEqual(claims.map((c) => [c.metric, c.atLeast ?? c.atMost]), [['p99', 2000], ['memory', 64 * 1024 ** 2], ['rps', 500], ['cold_start', 100], ['oom_kills', 0]]);
  });

  it('warns, without failing, on an env axis close to a workload\'s own env key (#7)', (t) => {
    const { problems, warnings } = validate(t, 'name: x\nworkloads:\n  - { name: cpu, env: { CPU_ITERS: 3000 } }\naxes:\n  env:\n    CPU_ITER: [1000, 2000]\n');
    assert.deepEqual(problems, []);
    expectProblems(warnings, [{ path: 'axes.env.CPU_ITER', line: 6, col: 5, fixIncludes: ['did you mean CPU_ITERS?'] }]);
  });

  it('accepts Go runtime variables, a workload\'s env keys and what the bundled workloads read, silently (#7)', (t) => {
    const { problems, warnings } = validate(t, 'name: x\nworkloads: [init-heavy]\naxes:\n  memory: [256m]\n  env:\n    GOMAXPROCS: [1]\n    GOMEMLIMIT: [80%]\n    GODEBUG: [madvdontneed=1]\n    INIT_MODE: [eager, lazy]\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(warnings, []);
  });
});
