// examples/: the GitHub Actions workflow, the Kubernetes Indexed Job and the
// Cloud Run Job that run a sweep in shards. Checks what would break them without
// any engine, cluster or cloud: their structure, that every gosweep option they
// use is one the built CLI takes, that every matrix they name exists and gives
// each shard cells, and (where Go is installed) actionlint on the workflow.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { execa } from 'execa';
import { parse, parseAllDocuments } from 'yaml';
import { loadMatrix, planRuns } from '../../src/matrix/index.ts';
import { shardFromEnv } from '../../src/matrix/plan.ts';
import { packageRoot } from '../../src/paths.ts';
import { PROJECT_ENV, REGION_ENV } from '../../src/targets/cloudrun/check.ts';
import { ROLE_ENV } from '../../src/targets/lambda/check.ts';
import { cliPath, gosweep } from '../helpers/cli.ts';

const examples = path.join(packageRoot, 'examples');
const read = (file: string) => fs.readFileSync(path.join(examples, file), 'utf8');
const WORKFLOW = 'github-actions/sweep.yml';
const K8S = 'kubernetes/indexed-job.yaml';
const CLOUD_RUN = 'cloud-run/job.yaml';
const EXAMPLE_FILES = [WORKFLOW, K8S, CLOUD_RUN, 'README.md', ...fs.readdirSync(path.join(examples, 'matrices')).map((f) => `matrices/${f}`)];
const ACTIONLINT = 'github.com/rhysd/actionlint/cmd/actionlint@v1.7.12';

// Only the fields these checks read; the YAML is parsed as untyped data.
interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown> }
interface GhJob { needs?: string | string[]; if?: string; strategy?: { matrix?: Record<string, unknown> }; steps: Step[] }
interface Workflow { on: Record<string, unknown>; jobs: Record<string, GhJob> }
interface EnvVar { name: string; value?: string; valueFrom?: unknown }
interface Mount { name: string; mountPath: string; readOnly?: boolean }
interface Container { image: string; command?: string[]; args?: string[]; env?: EnvVar[]; volumeMounts?: Mount[] }
interface Volume { name: string; configMap?: { name: string }; persistentVolumeClaim?: { claimName: string }; csi?: { driver: string; readOnly?: boolean; volumeAttributes?: Record<string, string> } }
interface PodSpec { restartPolicy?: string; containers: Container[]; volumes?: Volume[] }
interface K8sJob { kind: 'Job'; apiVersion: string; spec: { completionMode?: string; completions: number; parallelism: number; backoffLimit?: number; backoffLimitPerIndex?: number; template: { spec: PodSpec } } }
interface K8sClaim { kind: 'PersistentVolumeClaim'; metadata: { name: string }; spec: { accessModes: string[] } }
interface CloudRunJob {
  apiVersion: string;
  kind: string;
  spec: { template: { metadata?: { annotations?: Record<string, string> }; spec: { taskCount: number; parallelism?: number; template: { spec: { maxRetries?: number; containers: Container[]; volumes?: Volume[] } } } } };
}

const workflow = () => parse(read(WORKFLOW)) as Workflow;
const k8sDocs = () => parseAllDocuments(read(K8S)).map((d) => {
  assert.deepEqual(d.errors, [], `${K8S} parses`);
  return d.toJS() as K8sJob | K8sClaim;
});
const k8sJob = () => k8sDocs().find((d): d is K8sJob => d.kind === 'Job') ?? assert.fail(`${K8S} has a Job`);
const cloudRunJob = () => parse(read(CLOUD_RUN)) as CloudRunJob;
const only = <T>(list: T[], what: string): T => {
  assert.equal(list.length, 1, `exactly one ${what}`);
  return list[0] as T;
};
const envOf = (c: Container) => new Map((c.env ?? []).map((e) => [e.name, e]));

/** The gosweep command lines in a text: `gosweep <command> <rest of the line, up to a shell separator>`. */
function gosweepLines(text: string): Array<{ command: string; rest: string; line: string }> {
  return [...text.matchAll(/\bgosweep\s+(?:--\s+)?([a-z][a-z-]*)\b([^\n]*)/g)].map((m) => ({
    command: m[1] as string,
    rest: (m[2] as string).split(/&&|\|\||;|\|/)[0] as string,
    line: m[0],
  }));
}

/** The options a text gives gosweep, by command. */
const flagsIn = (rest: string) => [...rest.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);

/** A container's command and args as one line, as a shell would see it. */
const commandLine = (c: Container) => [...(c.command ?? []), ...(c.args ?? [])].join(' ');

/** The `gosweep run …` of an example as words for the built CLI: no --results-dir or --out, the container's /matrices/ mapped to examples/matrices/. */
function dryRunArgs(line: string): string[] {
  const words = line.replace(/^.*?\bgosweep\s+/, '').split(/\s+/).filter(Boolean).map((w) => w.replace(/^["']|["']$/g, ''));
  for (const option of ['--results-dir', '--out']) {
    const at = words.indexOf(option);
    if (at >= 0) words.splice(at, 2);
  }
  return [...words.map((w) => (w.startsWith('/matrices/') ? path.join('examples', w) : w)), '--dry-run'];
}

/** What a dry run of one shard says: the shard and its cells. */
function shardOf(stdout: string): { index: number; count: number; cells: number } {
  const m = /\(shard (\d+)\/(\d+)\): (\d+) cells/.exec(stdout) ?? assert.fail(`no shard line in:\n${stdout}`);
  return { index: Number(m[1]), count: Number(m[2]), cells: Number(m[3]) };
}

/** Environment enough for --dry-run of cloud cells: no engine, placeholders for what the targets check is set. */
const DRY_ENV = { DOCKER_HOST: 'unix:///nonexistent/docker.sock', [ROLE_ENV]: 'arn:aws:iam::123456789012:role/example', [PROJECT_ENV]: 'example-project', [REGION_ENV]: 'europe-west1' };

/** The variables each cloud target reads for where it runs (credentials aside). */
const TARGET_ENV: Record<string, string[]> = { lambda: [ROLE_ENV, 'AWS_REGION'], cloudrun: [PROJECT_ENV, REGION_ENV] };
const targetsOf = (matrixFile: string) => ((parse(fs.readFileSync(path.join(packageRoot, matrixFile), 'utf8')) as { axes?: { target?: string[] } }).axes?.target ?? ['docker']);

describe('examples: GitHub Actions workflow', () => {
  const shardCount = () => ((workflow().jobs.sweep?.strategy?.matrix?.shard as number[] | undefined) ?? assert.fail('jobs.sweep.strategy.matrix.shard')).length;

  it('runs nightly and on demand, with a matrix of shards 1..n', () => {
    const wf = workflow();
    assert.ok('workflow_dispatch' in wf.on && 'schedule' in wf.on);
    const shards = wf.jobs.sweep?.strategy?.matrix?.shard;
    assert.deepEqual(shards, [1, 2, 3]);
  });

  it('every gosweep run uses --shard ${{ matrix.shard }}/n, for n the matrix\'s shards, and the merge job needs the sweep job', () => {
    const wf = workflow();
    const n = shardCount();
    const runs = Object.values(wf.jobs).flatMap((j) => j.steps).flatMap((s) => gosweepLines(s.run ?? '')).filter((l) => l.command === 'run');
    assert.ok(runs.length > 0, 'a gosweep run step');
    for (const r of runs) assert.match(r.rest, new RegExp(`--shard \\$\\{\\{ matrix\\.shard \\}\\}/${n}(\\s|$)`), r.line);
    const merge = wf.jobs.merge ?? assert.fail('a merge job');
    assert.ok([merge.needs ?? []].flat().includes('sweep'), 'merge needs sweep');
  });

  it('uploads each shard\'s --results-dir under its own name, and the merge job downloads them all where it merges', () => {
    const wf = workflow();
    const n = shardCount();
    const sweep = wf.jobs.sweep ?? assert.fail('a sweep job');
    const run = only(sweep.steps.flatMap((s) => gosweepLines(s.run ?? '')).filter((l) => l.command === 'run'), 'gosweep run');
    const resultsDir = /--results-dir (\S+)/.exec(run.rest)?.[1] ?? assert.fail('the sweep names --results-dir');
    const upload = only(sweep.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@')), 'upload in the sweep job');
    assert.equal(String(upload.with?.path).replace(/\/$/, ''), resultsDir, 'the shard\'s folder is uploaded');
    const names = Array.from({ length: n }, (_, i) => String(upload.with?.name).replace('${{ matrix.shard }}', String(i + 1)));
    assert.equal(new Set(names).size, n, 'one artifact name per shard');

    const merge = wf.jobs.merge ?? assert.fail('a merge job');
    const download = only(merge.steps.filter((s) => s.uses?.startsWith('actions/download-artifact@')), 'download in the merge job');
    const pattern = new RegExp(`^${String(download.with?.pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    for (const name of names) assert.match(name, pattern, `the download pattern takes ${name}`);
    assert.equal(download.with?.['merge-multiple'], true, 'every shard\'s folder lands side by side');
    const mergeLine = only(merge.steps.flatMap((s) => gosweepLines(s.run ?? '')).filter((l) => l.command === 'merge'), 'gosweep merge');
    assert.match(mergeLine.rest, new RegExp(`^\\s*${String(download.with?.path)}/\\*-shard\\*of${n}\\s`), 'merge takes the downloaded shard folders');
  });

  it('pins every action to a major version and sets up Node 24 wherever gosweep runs', () => {
    const wf = workflow();
    for (const [name, job] of Object.entries(wf.jobs)) {
      for (const step of job.steps) if (step.uses) assert.match(step.uses, /^[\w.-]+(\/[\w.-]+)+@v\d+$/, `${name}: ${step.uses}`);
      if (job.steps.some((s) => /\bgosweep\b/.test(s.run ?? ''))) {
        const node = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
        assert.equal(String(node?.with?.['node-version']), '24', `${name} sets up Node 24 (gosweep refuses an older one)`);
      }
    }
  });

  it('passes actionlint', { timeout: 300_000 }, async (t) => {
    const onPath = (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, 'go')));
    if (!onPath) {
      t.skip('go is not on PATH, so actionlint cannot be run (go run ' + ACTIONLINT + ')');
      return;
    }
    const r = await execa('go', ['run', ACTIONLINT, path.join('examples', WORKFLOW)], { cwd: packageRoot, reject: false, all: true, env: { NO_COLOR: '1' } });
    // Only a failed download is a reason to skip: a finding of actionlint fails the test.
    if (r.exitCode !== 0 && /^go: .*(dial tcp|no such host|connection refused|i\/o timeout|TLS handshake|proxy)/m.test(r.all)) {
      t.skip(`actionlint could not be downloaded: ${r.all.split('\n').find((l) => l.startsWith('go: ')) ?? ''}`);
      return;
    }
    assert.equal(r.exitCode, 0, r.all);
  });
});

describe('examples: Kubernetes Indexed Job', () => {
  it('is Indexed, with completions == parallelism == GOSWEEP_SHARD_COUNT, restartPolicy Never and a per-index backoff', () => {
    const job = k8sJob();
    assert.equal(job.apiVersion, 'batch/v1');
    assert.equal(job.spec.completionMode, 'Indexed');
    assert.equal(job.spec.parallelism, job.spec.completions);
    const container = only(job.spec.template.spec.containers, 'container');
    assert.equal(container.image, 'gosweep:latest');
    assert.equal(Number(envOf(container).get('GOSWEEP_SHARD_COUNT')?.value), job.spec.completions);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    assert.ok(job.spec.backoffLimitPerIndex !== undefined || job.spec.backoffLimit !== undefined);
  });

  it('runs gosweep run with --shard auto, and every index names its own shard of GOSWEEP_SHARD_COUNT', () => {
    const job = k8sJob();
    const container = only(job.spec.template.spec.containers, 'container');
    const line = commandLine(container);
    assert.match(line, /^gosweep run \S+ .*--shard auto\b/);
    const count = envOf(container).get('GOSWEEP_SHARD_COUNT')?.value;
    const shards = Array.from({ length: job.spec.completions }, (_, i) => shardFromEnv({ JOB_COMPLETION_INDEX: String(i), GOSWEEP_SHARD_COUNT: count }));
    assert.deepEqual(shards, Array.from({ length: job.spec.completions }, (_, i) => ({ index: i + 1, count: job.spec.completions })));
  });

  it('reads the matrix from a ConfigMap made from examples/matrices/, writes to a ReadWriteMany claim, and sets what its target reads', () => {
    const docs = k8sDocs();
    const job = k8sJob();
    const pod = job.spec.template.spec;
    const container = only(pod.containers, 'container');
    const args = container.command ?? [];
    const matrix = args[2] ?? assert.fail('the matrix argument');
    const resultsDir = args[args.indexOf('--out') + 1] ?? assert.fail('--out: each shard its own folder, resumed by a retried pod');
    assert.match(resultsDir, /\$\(JOB_COMPLETION_INDEX\)/, 'the shard\'s folder is named by its index');
    const volumeAt = (file: string) => {
      const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`)) ?? assert.fail(`a volume holds ${file}`);
      return (pod.volumes ?? []).find((v) => v.name === mount.name) ?? assert.fail(`volume ${mount.name}`);
    };
    const configMap = volumeAt(matrix).configMap?.name ?? assert.fail('the matrix comes from a ConfigMap');
    const source = `examples/matrices/${path.basename(matrix)}`;
    assert.match(read(K8S), new RegExp(`kubectl create configmap ${configMap} --from-file=${source}\\b`), 'the file says how to make the ConfigMap');
    const claim = volumeAt(resultsDir).persistentVolumeClaim?.claimName ?? assert.fail('results go to a claim');
    const pvc = docs.find((d): d is K8sClaim => d.kind === 'PersistentVolumeClaim' && d.metadata.name === claim) ?? assert.fail(`the claim ${claim}`);
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany']);
    const env = envOf(container);
    for (const target of targetsOf(source)) for (const name of TARGET_ENV[target] ?? assert.fail(`target ${target} in a pod`)) assert.ok(env.has(name), `${name} for target ${target}`);
    for (const secret of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) assert.ok(env.get(secret)?.valueFrom, `${secret} from a Secret`);
  });
});

describe('examples: Cloud Run Job', () => {
  it('is a run.googleapis.com/v1 Job of taskCount tasks on gen2, running gosweep run with --shard auto', () => {
    const job = cloudRunJob();
    assert.equal(job.apiVersion, 'run.googleapis.com/v1');
    assert.equal(job.kind, 'Job');
    const execution = job.spec.template;
    assert.equal(execution.metadata?.annotations?.['run.googleapis.com/execution-environment'], 'gen2');
    assert.equal(execution.spec.taskCount, 3);
    assert.ok((execution.spec.parallelism ?? 0) <= execution.spec.taskCount);
    const container = only(execution.spec.template.spec.containers, 'container');
    assert.match(commandLine(container), /\bgosweep run \S+ --shard auto\b/);
    const shards = Array.from({ length: execution.spec.taskCount }, (_, i) => shardFromEnv({ CLOUD_RUN_TASK_INDEX: String(i), CLOUD_RUN_TASK_COUNT: String(execution.spec.taskCount) }));
    assert.deepEqual(shards.map((s) => (typeof s === 'string' ? s : s.index)), [1, 2, 3]);
  });

  it('reads the matrix and writes the results on Cloud Storage volumes, and sets what its target reads', () => {
    const job = cloudRunJob();
    const task = job.spec.template.spec.template.spec;
    const container = only(task.containers, 'container');
    const run = only(gosweepLines(commandLine(container)).filter((l) => l.command === 'run'), 'gosweep run');
    const matrix = /^\s*(\S+)/.exec(run.rest)?.[1] ?? assert.fail('the matrix argument');
    const resultsDir = /--out "?([^"\s]+)/.exec(run.rest)?.[1] ?? assert.fail('--out: each task its own folder, resumed by a retried task');
    assert.match(resultsDir, /\$CLOUD_RUN_TASK_INDEX/, 'the task\'s folder is named by its index');
    const volumeAt = (file: string) => {
      const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath}/`)) ?? assert.fail(`a volume holds ${file}`);
      return (task.volumes ?? []).find((v) => v.name === mount.name) ?? assert.fail(`volume ${mount.name}`);
    };
    for (const file of [matrix, resultsDir]) assert.equal(volumeAt(file).csi?.driver, 'gcsfuse.run.googleapis.com', `${file} is on Cloud Storage`);
    assert.notEqual(volumeAt(resultsDir).csi?.readOnly, true, 'the results volume is writable');
    const source = `examples/matrices/${path.basename(matrix)}`;
    assert.ok(read(CLOUD_RUN).includes(`gcloud storage cp ${source} `), 'the file says how to put the matrix in the bucket');
    const env = envOf(container);
    for (const target of targetsOf(source)) for (const name of TARGET_ENV[target] ?? assert.fail(`target ${target} in a task`)) assert.ok(env.has(name), `${name} for target ${target}`);
  });
});

describe('examples: gosweep options and matrices', () => {
  it('every gosweep command and option they use is one the built CLI takes', async () => {
    assert.ok(fs.existsSync(cliPath), `${cliPath} is missing: build first (npm run build)`);
    const help = await gosweep(['--help']);
    assert.equal(help.exitCode, 0, help.all);
    const commands = [...(/Commands:\n([\s\S]*?)\n\n/.exec(help.stdout)?.[1] ?? '').matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1] as string);
    assert.ok(commands.includes('run') && commands.includes('merge'), commands.join(', '));
    const used = new Map<string, Set<string>>();
    for (const file of EXAMPLE_FILES) {
      for (const l of gosweepLines(read(file))) {
        // Prose ("gosweep's docker target", "gosweep with its go-workloads") names no command.
        if (!commands.includes(l.command)) continue;
        const flags = used.get(l.command) ?? new Set<string>();
        for (const flag of flagsIn(l.rest)) flags.add(flag);
        used.set(l.command, flags);
      }
    }
    for (const command of ['run', 'merge', 'report', 'compare']) assert.ok(used.has(command), `the examples use gosweep ${command}`);
    const helps = await Promise.all([...used.keys()].map(async (command) => ({ command, r: await gosweep([command, '--help']) })));
    for (const { command, r } of helps) {
      assert.equal(r.exitCode, 0, r.all);
      const taken = new Set([...r.stdout.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]));
      for (const flag of used.get(command) ?? []) assert.ok(taken.has(flag), `gosweep ${command} ${flag} is not an option of the CLI (it takes ${[...taken].join(' ')})`);
    }
  });

  it('every matrix they name exists: matrices/ of the repo, examples/matrices/, and /matrices/ in a container from examples/matrices/', () => {
    const named: string[] = [];
    for (const file of EXAMPLE_FILES) {
      const text = read(file);
      // A markdown link is relative to its file; anything else to the repo, where the commands run.
      for (const m of text.matchAll(/(?<![\w./-])(\]\()?((?:examples\/)?matrices\/[\w.-]+\.ya?ml)/g)) {
        named.push(m[1] ? path.join('examples', path.dirname(file), m[2] as string) : (m[2] as string));
      }
      for (const m of text.matchAll(/(?<![\w.-])\/matrices\/([\w.-]+\.ya?ml)/g)) named.push(`examples/matrices/${m[1] as string}`);
    }
    assert.ok(named.length >= 3, named.join(', '));
    for (const file of new Set(named)) assert.ok(fs.existsSync(path.join(packageRoot, file)), `${file} does not exist`);
  });

  it('each example\'s gosweep run is a valid matrix (--dry-run, as its first shard would run it), and every shard gets cells', async () => {
    assert.ok(fs.existsSync(cliPath), `${cliPath} is missing: build first (npm run build)`);
    const wf = workflow();
    const sweepRun = only((wf.jobs.sweep?.steps ?? []).flatMap((s) => gosweepLines(s.run ?? '')).filter((l) => l.command === 'run'), 'gosweep run');
    const k8s = k8sJob();
    const k8sContainer = only(k8s.spec.template.spec.containers, 'container');
    const cr = cloudRunJob().spec.template.spec;
    const crRun = only(gosweepLines(commandLine(only(cr.template.spec.containers, 'container'))).filter((l) => l.command === 'run'), 'gosweep run');
    const count = (wf.jobs.sweep?.strategy?.matrix?.shard as number[]).length;
    const cases: Array<{ example: string; count: number; args: string[]; env: Record<string, string> }> = [
      { example: WORKFLOW, count, args: dryRunArgs(sweepRun.line.replace('${{ matrix.shard }}', '1')), env: {} },
      { example: K8S, count: k8s.spec.completions, args: dryRunArgs(commandLine(k8sContainer)), env: { JOB_COMPLETION_INDEX: '0', GOSWEEP_SHARD_COUNT: envOf(k8sContainer).get('GOSWEEP_SHARD_COUNT')?.value ?? '' } },
      { example: CLOUD_RUN, count: cr.taskCount, args: dryRunArgs(crRun.line), env: { CLOUD_RUN_TASK_INDEX: '0', CLOUD_RUN_TASK_COUNT: String(cr.taskCount) } },
    ];
    const results = await Promise.all(cases.map(({ args, env }) => gosweep(args, { env: { ...DRY_ENV, ...env } })));
    for (const [i, { example, count, args }] of cases.entries()) {
      const r = results[i] ?? assert.fail('a result');
      assert.equal(r.exitCode, 0, `${example}: gosweep ${args.join(' ')}\n${r.all}`);
      const first = shardOf(r.stdout);
      assert.deepEqual([first.index, first.count], [1, count], `${example}: the first shard of ${count}`);
      // The other shards, planned here as each machine would plan its own.
      const matrix = loadMatrix(path.join(packageRoot, args[1] ?? assert.fail('the matrix')));
      for (let index = 1; index <= count; index++) {
        const cells = planRuns(matrix, undefined, { index, count }).cells.length;
        assert.ok(cells > 0, `${example}: shard ${index} of ${count} has no cells; use a matrix with at least ${count} cells`);
      }
    }
  });
});
