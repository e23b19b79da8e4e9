import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorMessage, redact, treatAsSecret } from '../../src/errors.ts';

describe('redact: what platform errors quote and results must not hold', () => {
  const cases: Array<[string, string, string]> = [
    ['an account id in an ARN', 'User: arn:aws:sts::123456789012:assumed-role/x is not authorized on arn:aws:lambda:us-east-1:123456789012:function:f', '123456789012'],
    ['an access key id', 'The security token included in the request is invalid: AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
    ['a presigned URL\'s token and credential', 'Location: https://s3/x?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr&X-Amz-Credential=ASIAXYZ%2F20261129&X-Amz-Signature=abc123', 'IQoJb3JpZ2luX2VjEJr'],
    ['an Authorization header on a command line', 'loadgen -header=authorization: AWS4-HMAC-SHA256 Credential=AKIA/20261129/us-east-1/lambda/aws4_request, Signature=deadbeef -url=https://x', 'deadbeef'],
    ['a Google access token', 'push failed: denied: token ya29.a0AfB_byC-canary.token_9 is not valid for gosweep', 'ya29.a0AfB_byC-canary'],
    ['an identity token (a JWT)', 'GET https://svc.run.app/health with bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl failed', 'eyJhdWQiOiJ4In0'],
  ];
  for (const [what, text, secret] of cases) {
    it(`takes out ${what}`, () => {
      assert.ok(!redact(text).includes(secret), redact(text));
      assert.ok(!errorMessage(new Error(text)).includes(secret));
    });
  }
  it('takes out the value of a credential variable, wherever an endpoint echoes it', () => {
    const saved = process.env.AWS_SESSION_TOKEN;
    process.env.AWS_SESSION_TOKEN = 'canarySessionToken0001';
    try {
      assert.equal(redact('bad signature: token canarySessionToken0001 refused'), 'bad signature: token <secret> refused');
    } finally {
      if (saved === undefined) delete process.env.AWS_SESSION_TOKEN;
      else process.env.AWS_SESSION_TOKEN = saved;
    }
  });
  it('takes out credentials a target resolved from a file, once told of them', () => {
    assert.ok(redact('key canaryFromAFile0002').includes('canaryFromAFile0002'));
    treatAsSecret('canaryFromAFile0002', undefined, 'short');
    assert.equal(redact('key canaryFromAFile0002'), 'key <secret>');
  });
  it('leaves ordinary messages as they are', () => {
    const text = 'no successful answer on /health within 15 s; 1769 MB, request 123456 at 2026-11-29';
    assert.equal(redact(text), text);
  });
});
