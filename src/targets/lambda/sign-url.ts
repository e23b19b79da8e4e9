import { Sha256 } from '@aws-crypto/sha256-js';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * SigV4 headers for a GET of a Function URL with AuthType AWS_IAM. A signature
 * holds for 5 minutes of clock and is not bound to one request, so the load
 * generator sends the same headers for the whole window.
 */
export async function signedGetHeaders(client: LambdaClient, url: string): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({ credentials: client.config.credentials, region: await client.config.region(), service: 'lambda', sha256: Sha256 });
  const signed = await signer.sign({
    method: 'GET',
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port ? Number(target.port) : undefined,
    path: target.pathname,
    query: Object.fromEntries(target.searchParams),
    headers: { host: target.host },
  });
  return Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'));
}
