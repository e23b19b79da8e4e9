import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, type Problem } from '../../../src/errors.ts';
import { loadMatrix } from '../../../src/matrix/load.ts';
import { tmpDir, writeFile } from '../../helpers/tmp.ts';

function problemsOf(t: Parameters<typeof tmpDir>[0], yaml: string, host = {}): Problem[] {
  const file = writeFile(tmpDir(t), 'm.yaml', yaml);
  try {
    loadMatrix(file, host);
  } catch (err) {
    assert.ok(err instanceof UsageError, `expected UsageError, got ${String(err)}`);
    return err.problems;
  }
  return [];
}

describe('loadMatrix', () => {
  it('accepts a minimal matrix and fills defaults', (t) => {
    const file = writeFile(tmpDir(t), 'm.yaml', 'name: tiny\nworkloads: [hello]\n');
    const m = loadMatrix(file);
    assert.equal(m.name, 'tiny');
    assert.deepEqual(m.run, { repetitions: 3, coldStarts: 3, warmupSeconds: 2, durationSeconds: 10, requestTimeoutMs: 2000, readyTimeoutSeconds: 15, seed: null, isolateDriver: true, pull: false, lambdaPrices: null, cloudrunPrices: null, idleProbes: 5 });
    assert.deepEqual(m.axes.map((a) => a.name), ['workload', 'concurrency']);
    assert.equal(m.workloads[0]?.healthPath, '/health');
  });

  const cases: Array<{ name: string; yaml: string; host?: object; want: Array<Partial<Problem> & { messageIncludes?: string; fixIncludes?: string }> }> = [
    {
      name: 'a wrong type, pointing at the value',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  cpus: [1, two]\n',
      want: [{ line: 4, col: 13, path: 'axes.cpus[1]', fixIncludes: 'cpus: [0.5, 1, 2]' }],
    },
    {
      name: 'an unknown key, pointing at the key',
      yaml: 'name: x\nworkloads: [hello]\nrun:\n  repetition: 3\n',
      want: [{ line: 4, col: 3, path: 'run', fixIncludes: "'repetition'" }],
    },
    {
      name: 'every problem at once',
      yaml: 'name: Bad Name\nworkloads: [nosuch]\naxes:\n  memory: [lots]\n  concurrency: [0]\n',
      want: [
        { path: 'name', line: 1, col: 7 },
        { path: 'workloads[0]', line: 2, messageIncludes: "'nosuch'" },
        { path: 'axes.memory[0]', line: 4, fixIncludes: '128m' },
        { path: 'axes.concurrency[0]', line: 5 },
      ],
    },
    {
      name: 'an unknown bundled workload, naming the bundled ones',
      yaml: 'name: x\nworkloads: [hello, nosuch]\n',
      want: [{ path: 'workloads[1]', line: 2, messageIncludes: "'nosuch'", fixIncludes: 'cpu, hello, init-heavy, io' }],
    },
    {
      name: 'a path that is no Go main package',
      yaml: 'name: x\nworkloads:\n  - { name: svc, path: ./missing }\n',
      want: [{ path: 'workloads[0]', line: 3, messageIncludes: 'not a Go main package' }],
    },
    {
      name: 'more CPUs than the Docker host has',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  cpus: [1, 4]\n',
      host: { cpus: 2 },
      want: [{ path: 'axes.cpus[1]', line: 4, col: 13, fixIncludes: 'at most 2' }],
    },
    {
      name: 'GOMAXPROCS that is not a number, and a relative GOMEMLIMIT without memory',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  env:\n    GOMAXPROCS: [unset, many]\n    GOMEMLIMIT: [80%]\n',
      want: [
        { path: 'axes.env.GOMAXPROCS[1]', line: 5, messageIncludes: 'GOMAXPROCS=many' },
        { path: 'axes.env.GOMEMLIMIT[0]', line: 6, fixIncludes: 'memory axis' },
      ],
    },
    {
      name: 'exclude naming an axis the matrix lacks',
      yaml: 'name: x\nworkloads: [hello]\nexclude:\n  - { cpus: 1 }\n',
      want: [{ path: 'exclude[0]', line: 4, messageIncludes: "'cpus' is not an axis" }],
    },
    {
      name: 'an image base that does not exist, and a pull setting that is not a boolean',
      yaml: 'name: x\nworkloads: [hello]\naxes:\n  build:\n    base: [scratch, alpine]\nrun:\n  pull: yes please\n',
      want: [
        { path: 'axes.build.base[1]', line: 5, col: 21, fixIncludes: 'debian-slim' },
        { path: 'run.pull', line: 7, col: 9 },
      ],
    },
    {
      name: 'broken YAML',
      yaml: 'name: x\nworkloads: [hello\n',
      want: [{ line: 3, fixIncludes: 'YAML syntax' }],
    },
  ];

  for (const c of cases) {
    it(`reports ${c.name}`, (t) => {
      const problems = problemsOf(t, c.yaml, c.host);
      assert.equal(problems.length, c.want.length, JSON.stringify(problems, null, 2));
      c.want.forEach((want, i) => {
        const got = problems[i] as Problem;
        const { messageIncludes, fixIncludes, ...exact } = want;
        for (const [k, v] of Object.entries(exact)) assert.equal(got[k as keyof Problem], v, `${k} of ${JSON.stringify(got)}`);
        if (messageIncludes) assert.ok(got.message.includes(messageIncludes), got.message);
        if (fixIncludes) assert.ok(got.fix.includes(fixIncludes), got.fix);
        assert.ok(got.file.endsWith('m.yaml'));
      });
    });
  }

  it('says so when the file cannot be read', () => {
    assert.throws(() => loadMatrix('/nonexistent/m.yaml'), (err: unknown) => err instanceof UsageError && err.problems[0]?.fix.includes('matrices/') === true);
  });
});
