// `gosweep init`: a starter matrix for a service as it is, read from its
// source: where its main package (or Dockerfile) is, how it learns its port,
// and its health path where one can be found.
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../paths.ts';
import { findModuleRoot } from './workloads.ts';

/** What the source says about a service. */
export interface ServiceFacts {
  name: string;
  /** Relative to the matrix file. */
  source: { kind: 'path' | 'dockerfile'; at: string };
  /** Other main packages found, for a comment. */
  otherMains: string[];
  healthPath: string | null;
  /** A GET route to load: / where it has one, else its first other GET route. */
  requestPath: string;
  /** How it learns its port; null: PORT, the default. */
  listen: { portEnv: string } | { args: string[] } | { port: number } | null;
  /** It imports gosweep/info, so /info is there. */
  info: boolean;
}

const goFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).map((f) => path.join(dir, f));
const isMain = (dir: string) => goFiles(dir).some((f) => /^package\s+main\b/m.test(fs.readFileSync(f, 'utf8')));
const SKIP = new Set(['vendor', 'testdata', 'node_modules', '.git']);

/** Main packages under `dir`, nearest first (the folder itself, then cmd/*, then deeper), at most 3 levels down. */
function mainPackages(dir: string, depth = 0): string[] {
  if (depth > 3 || !fs.statSync(dir).isDirectory()) return [];
  const here = isMain(dir) ? [dir] : [];
  const subdirs = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.'));
  const ordered = subdirs.sort((a, b) => Number(b.name === 'cmd') - Number(a.name === 'cmd') || a.name.localeCompare(b.name));
  return [...here, ...ordered.flatMap((e) => mainPackages(path.join(dir, e.name), depth + 1))];
}

/** Routes registered with net/http's patterns or the usual routers: "GET /items", "/", .Get("/x"). */
const ROUTE = /(?:Handle(?:Func)?|\.(?:Get|GET))\(\s*"(?:(GET|POST|PUT|PATCH|DELETE|HEAD)\s+)?(\/[^"\s{]*)/g;

/** The route the load should GET: / if served, else the first GET route that is not health or info. */
function requestPathOf(source: string, healthPath: string | null): string {
  const gets = [...source.matchAll(ROUTE)].filter((m) => (m[1] ?? 'GET') === 'GET').map((m) => (m[2] as string).replace(/\{\$\}$/, ''));
  if (gets.length === 0 || gets.includes('/')) return '/';
  return gets.find((p) => p !== healthPath && p !== '/info') ?? '/';
}

const HEALTH = /"(?:(?:GET|HEAD)\s+)?(\/(?:healthz?|readyz?|livez|ping|status)(?:\/[\w-]*)?)"/;

/** How the source reads its port: an env variable, a flag, or a fixed address. */
function listenOf(source: string): ServiceFacts['listen'] {
  const env = [...source.matchAll(/Getenv\("([A-Z_][A-Z0-9_]*)"\)/g)].map((m) => m[1] as string).find((v) => /PORT$/.test(v));
  if (env === 'PORT') return null;
  if (env) return { portEnv: env };
  const flag = /flag\.(?:String|Int)\("(port|addr|address|listen|http)"\s*,\s*"?([^",)]*)/.exec(source);
  if (flag) return { args: [`-${flag[1]}`, flag[1] === 'port' ? '{port}' : /^\d+$/.test(flag[2] ?? '') || (flag[2] ?? '').startsWith(':') ? ':{port}' : '127.0.0.1:{port}'] };
  const fixed = /"(?:[\w.]*):(\d{2,5})"/.exec(source);
  return fixed ? { port: Number(fixed[1]) } : null;
}

/** Reads a service's folder; null with the reason when there is nothing gosweep can run there. */
export function readService(dir: string, matrixDir: string): ServiceFacts | { problem: string; fix: string } {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return { problem: `${root} is not a folder`, fix: 'pass the folder of your service: gosweep init ./myservice' };
  const name = path.basename(root).toLowerCase().replace(/[^a-z0-9_.-]/g, '-').replace(/^[^a-z0-9]+/, '') || 'service';
  const rel = (p: string) => path.relative(matrixDir, p) || '.';
  const [main, ...others] = mainPackages(root).filter((m) => findModuleRoot(m) !== null);
  if (main) {
    const source = [...goFiles(main), ...goFiles(root).filter(() => main !== root)].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const healthPath = HEALTH.exec(source)?.[1] ?? null;
    return {
      name,
      source: { kind: 'path', at: rel(main) },
      otherMains: others.map(rel),
      healthPath,
      requestPath: requestPathOf(source, healthPath),
      listen: listenOf(source),
      info: source.includes('"gosweep/info"'),
    };
  }
  const dockerfile = path.join(root, 'Dockerfile');
  if (fs.existsSync(dockerfile)) return { name, source: { kind: 'dockerfile', at: rel(dockerfile) }, otherMains: [], healthPath: null, requestPath: '/', listen: null, info: false };
  return { problem: `no Go main package (with a go.mod above it) and no Dockerfile in ${root}`, fix: 'pass the folder holding your service\'s "package main" or its Dockerfile' };
}

const q = (text: string) => JSON.stringify(text);

/** The starter matrix's text: the service, a small CPU axis, and short runs, each line saying what to change. */
export function starterMatrix(facts: ServiceFacts, matrixDir: string): string {
  const schema = path.relative(matrixDir, path.join(packageRoot, 'schema', 'matrix.schema.json'));
  const listen = facts.listen;
  const workload = [
    `  - name: ${facts.name}`,
    `    ${facts.source.kind}: ${q(facts.source.at)}`,
    ...(facts.otherMains.length ? [`    # other main packages here: ${facts.otherMains.join(', ')}`] : []),
    ...(listen && 'portEnv' in listen ? [`    portEnv: ${listen.portEnv}`] : []),
    ...(listen && 'args' in listen ? [`    args: [${listen.args.map(q).join(', ')}]`] : []),
    ...(listen && 'port' in listen ? [`    port: ${listen.port}   # it listens here whatever it is told`] : []),
    ...(listen === null ? ['    # it reads PORT; otherwise set portEnv, args with {port}, or port'] : []),
    facts.healthPath
      ? `    healthPath: ${facts.healthPath}${facts.healthPath.endsWith('z') ? '   # Cloud Run keeps paths ending in z for itself' : ''}`
      : '    healthPath: null   # none found: ready at the first 2xx on the request path',
    facts.info ? '    infoPath: /info' : '    infoPath: null     # import gosweep/info (docs/info-contract.md) for the runtime columns',
    `    requestPath: ${facts.requestPath}${facts.requestPath === '/' ? '    ' : ' '} # what the load sends; method, headers, body or a weighted requests mix too`,
  ];
  return [
    `# yaml-language-server: $schema=${schema}`,
    `# A starter matrix for ${facts.name}, written by gosweep init. Check it with: gosweep run <this file> --dry-run`,
    `name: ${facts.name}`,
    'workloads:',
    ...workload,
    'axes:',
    '  cpus: [0.5, 1]',
    '  concurrency: [8]',
    'run:',
    '  repetitions: 6      # 6 or more give each median a 95% interval',
    '  coldStarts: 3',
    '  warmupSeconds: 1',
    '  durationSeconds: 5',
    '',
  ].join('\n');
}
