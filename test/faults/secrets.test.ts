import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { onlyChild } from '../helpers/faults.ts';
import { fixture, gosweep, managedContainers } from '../helpers/cli.ts';
import { tmpDir, writeFile } from '../helpers/tmp.ts';

/** Canary credentials: every value is unique, so finding one anywhere is a leak. */
const ENV_CANARIES = {
  AWS_ACCESS_KEY_ID: 'AKIAGOSWEEPCANARY001',
  AWS_SECRET_ACCESS_KEY: 'gosweepCanarySecretAccessKey000000000001',
  AWS_SESSION_TOKEN: 'gosweepCanarySessionToken00000000000000001',
  GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.gosweepCanaryAccessToken0001',
  CLOUDSDK_AUTH_ACCESS_TOKEN: 'gosweepCanaryCloudsdkToken0001',
};
const FILE_CANARIES = ['AKIAGOSWEEPCANARY002', 'gosweepCanaryFileSecret0002', 'gosweepCanaryPrivateKey0003', 'gosweepCanaryKeyId0003', 'gosweepCanaryClientEmail0003'];
const CANARIES = [...Object.values(ENV_CANARIES), ...FILE_CANARIES];

/** The environment a sweep runs in: canaries in the variables, and in the credential files they name. */
function canaryEnv(dir: string): Record<string, string> {
  const aws = writeFile(dir, 'aws-credentials', `[default]\naws_access_key_id = ${FILE_CANARIES[0]}\naws_secret_access_key = ${FILE_CANARIES[1]}\n`);
  const google = writeFile(
    dir,
    'google.json',
    JSON.stringify({
      type: 'service_account',
      project_id: 'gosweep-canary',
      private_key_id: FILE_CANARIES[3],
      private_key: `-----BEGIN PRIVATE KEY-----\n${FILE_CANARIES[2]}\n-----END PRIVATE KEY-----\n`,
      client_email: `${FILE_CANARIES[4]}@gosweep-canary.iam.gserviceaccount.com`,
      client_id: '1',
      token_uri: 'http://127.0.0.1:9/token',
    }),
  );
  return { ...ENV_CANARIES, AWS_SHARED_CREDENTIALS_FILE: aws, GOOGLE_APPLICATION_CREDENTIALS: google };
}

/** Every canary found in `text`, named by where it was. */
function leaks(where: string, text: string): string[] {
  return CANARIES.filter((c) => text.includes(c)).map((c) => `${c} in ${where}`);
}

function leaksInFolder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .flatMap((e) => {
      const file = path.join(e.parentPath, e.name);
      return leaks(file, fs.readFileSync(file, 'latin1'));
    });
}

/** A Lambda API that refuses every call and repeats in its error what it was sent: the signature, the token. */
async function echoingLambda(t: { after: (fn: () => void) => void }): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidSignatureException' });
    res.end(JSON.stringify({ message: `bad signature: ${req.headers.authorization} token ${req.headers['x-amz-security-token']}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('secrets', { timeout: 300_000 }, () => {
  it('no results file, report, export or output holds a credential from the environment or its files', async (t) => {
    const dir = tmpDir(t);
    const env = canaryEnv(dir);
    const results = path.join(dir, 'results');
    const found: string[] = [];
    const run = await gosweep(['run', fixture('matrices', 'secrets.yaml'), '--results-dir', results, '--json'], { env });
    assert.equal(run.exitCode, 1, run.all);
    found.push(...leaks('run output', run.all));
    const sweep = onlyChild(results);
    for (const args of [['report', sweep], ['export', sweep, '--format', 'json'], ['export', sweep, '--format', 'benchstat'], ['compare', sweep, sweep, '--json-out', path.join(dir, 'compare.json')]]) {
      const r = await gosweep(args as string[], { env });
      found.push(...leaks(`${args[0]} output`, r.all));
    }
    found.push(...leaksInFolder(results), ...leaks('compare.json', fs.readFileSync(path.join(dir, 'compare.json'), 'utf8')));
    assert.deepEqual(found, []);
    assert.deepEqual(await managedContainers(), []);
    t.diagnostic(`${CANARIES.length} canaries; ${fs.readdirSync(sweep).length} files in the results folder; none found`);
  });

  it('the cloud targets\' refusals do not repeat the credentials they were given', async (t) => {
    const dir = tmpDir(t);
    const env = {
      ...canaryEnv(dir),
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_LAMBDA: await echoingLambda(t),
      GOSWEEP_LAMBDA_ROLE_ARN: 'arn:aws:iam::123456789012:role/gosweep-canary',
      GOOGLE_CLOUD_PROJECT: 'gosweep-canary',
      GOSWEEP_CLOUDRUN_REGION: 'us-central1',
    };
    for (const target of ['lambda', 'cloudrun']) {
      const matrix = writeFile(dir, `${target}.yaml`, `name: secrets-${target}\nworkloads: [hello]\naxes: { target: [${target}] }\nrun: { repetitions: 1, coldStarts: 1, warmupSeconds: 0, durationSeconds: 0.5 }\n`);
      const results = path.join(dir, `results-${target}`);
      const run = await gosweep(['run', matrix, '--results-dir', results], { env });
      assert.equal(run.exitCode, 1, run.all);
      assert.match(run.stderr, /^error: .*(refused|credentials)/m, 'the run stopped at the target\'s preflight');
      assert.match(run.stderr, new RegExp(`^error: .*${target}`, 'im'));
      assert.deepEqual([...leaks(`${target} run output`, run.all), ...(fs.existsSync(results) ? leaksInFolder(results) : [])], []);
      t.diagnostic(`${target}: ${run.stderr.split('\n').find((l) => l.startsWith('error'))}`);
    }
  });
});
