import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { MATRIX_SCHEMA_FILE, matrixJsonSchemaText } from '../../src/matrix/json-schema.ts';
import { packageRoot } from '../../src/paths.ts';

const validate = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true }).compile(JSON.parse(fs.readFileSync(MATRIX_SCHEMA_FILE, 'utf8')));
const yamlIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));
const errorsOf = (file: string): ErrorObject[] => (validate(parse(fs.readFileSync(file, 'utf8'))) ? [] : (validate.errors ?? []));
const shown = (errors: ErrorObject[]) => errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');

/** Its first line, `# yaml-language-server: $schema=<path>`, resolved from the file's folder. */
function modelineTarget(file: string): string | undefined {
  const given = /^# yaml-language-server: \$schema=(\S+)\n/.exec(fs.readFileSync(file, 'utf8'))?.[1];
  return given === undefined ? undefined : path.resolve(path.dirname(file), given);
}

const fixtures = path.join(packageRoot, 'test', 'fixtures', 'matrices');
/** The fixtures dry-run refuses, and where the JSON Schema stands on each. */
const MALFORMED: Record<string, { structural: boolean; errors?: Array<Partial<ErrorObject>> }> = {
  // cpus: [1, two] and run.repetition; its unknown workload 'nosuch' is a slug, so only the loader catches that.
  'bad.yaml': { structural: true, errors: [{ instancePath: '/axes/cpus/1', keyword: 'type' }, { instancePath: '/run', keyword: 'additionalProperties', params: { additionalProperty: 'repetition' } }] },
  // cpus on target process: a check across cells, not a shape.
  'process-limits.yaml': { structural: false },
};

describe('schema/matrix.schema.json', () => {
  it('is what the generator makes from the zod schema now', () => {
    assert.ok(fs.existsSync(MATRIX_SCHEMA_FILE), 'schema/matrix.schema.json is missing: run npm run schema');
    assert.equal(fs.readFileSync(MATRIX_SCHEMA_FILE, 'utf8'), matrixJsonSchemaText(), 'schema/matrix.schema.json is stale: run npm run schema');
  });

  for (const file of yamlIn(path.join(packageRoot, 'matrices'))) {
    it(`accepts matrices/${path.basename(file)}, which names it in its first line`, () => {
      assert.equal(modelineTarget(file), MATRIX_SCHEMA_FILE);
      assert.deepEqual(errorsOf(file), [], shown(errorsOf(file)));
    });
  }

  for (const file of yamlIn(fixtures).filter((f) => !(path.basename(f) in MALFORMED))) {
    it(`accepts the valid fixture ${path.basename(file)}, which names it in its first line`, () => {
      assert.equal(modelineTarget(file), MATRIX_SCHEMA_FILE);
      assert.deepEqual(errorsOf(file), [], shown(errorsOf(file)));
    });
  }

  for (const [name, { structural, errors }] of Object.entries(MALFORMED)) {
    it(`${structural ? 'refuses' : 'cannot see what is wrong with'} the malformed fixture ${name}`, () => {
      const file = path.join(fixtures, name);
      assert.equal(modelineTarget(file), undefined, 'a malformed fixture names no schema');
      const found = errorsOf(file);
      if (!structural) return assert.deepEqual(found, [], 'semantic only: the loader refuses it, the JSON Schema does not');
      for (const want of errors ?? []) assert.ok(found.some((e) => Object.entries(want).every(([k, v]) => JSON.stringify(e[k as keyof ErrorObject]) === JSON.stringify(v))), `no error like ${JSON.stringify(want)} in:\n${shown(found)}`);
    });
  }

  it('takes memory sizes in any case, as the loader does (the regex\'s i flag)', () => {
    const matrix = (memory: unknown[]) => ({ name: 'm', workloads: ['hello'], axes: { memory } });
    assert.ok(validate(matrix(['512m', '1G', '256MiB', 1024])), shown(validate.errors ?? []));
    assert.ok(!validate(matrix(['512x'])));
  });

  it('refuses the dry-run tests\' structural mistakes, and lets their semantic ones through', () => {
    const base = { name: 'm', workloads: ['hello'] };
    assert.ok(!validate({ ...base, axes: { target: ['lambda-local'], lambda: { memory: [64, 128] } } }), 'a Lambda tier below 128 MB');
    assert.ok(!validate({ ...base, run: { lambdaPrices: { gbSecondUsd: { arm64: 12 } } } }), 'a price per GB-second above the cap');
    for (const semantic of [{ axes: { env: { GOMAXPROC: [1, 16] } } }, { axes: { target: ['dockr'] } }, { claims: [{ id: 'C1', says: 's', metric: 'p99ms', atMost: '2ms' }] }, { run: { lambdaPrices: { region: 'eu-west-1' } } }]) {
      assert.ok(validate({ ...base, ...semantic }), JSON.stringify(semantic));
    }
  });
});
