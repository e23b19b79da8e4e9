import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { HarnessError, treatAsSecret } from '../../errors.ts';
import type { Cell } from '../../types.ts';
import type { TargetModule } from '../target.ts';
import { checkLambdaCells, ROLE_ENV } from './check.ts';
import { removeLeftFunctions } from './cleanup.ts';
import { LambdaTarget } from './lambda-target.ts';
import { LAMBDA_COUNTS, LAMBDA_PHASES } from './phases.ts';

export { LambdaTarget } from './lambda-target.ts';
export type { LambdaPlatform, LocalCounters } from './platform.ts';
export { LAMBDA_COUNTS, LAMBDA_PHASES } from './phases.ts';
export { checkLambdaCells } from './check.ts';
export { formatEnd, formatReport, formatStart, parseReport, type LambdaReport } from './report-line.ts';

/** Whether the standard AWS chain yields credentials; the reason when it does not. */
async function credentialProblem(client: LambdaClient): Promise<string | null> {
  try {
    const { accessKeyId, secretAccessKey, sessionToken } = await client.config.credentials();
    treatAsSecret(accessKeyId, secretAccessKey, sessionToken);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** AWS Lambda itself, through the standard credential chain and region. */
export const lambda: TargetModule = {
  name: 'lambda',
  phases: LAMBDA_PHASES,
  counts: LAMBDA_COUNTS,
  supports: { images: false, listen: false, requests: false },
  check: (cells) => checkLambdaCells(cells, { needsRole: true }),
  async open(scope) {
    // One attempt: a retried invoke would be timed as one slow cold start.
    const client = new LambdaClient({ maxAttempts: 1 });
    const problem = await credentialProblem(client);
    if (problem) throw new HarnessError(`no AWS credentials for target lambda: ${problem}`, { stage: 'preflight', hint: 'set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_REGION; or use target lambda-local' });
    try {
      await client.send(new GetAccountSettingsCommand({}));
    } catch (err) {
      throw new HarnessError(`AWS Lambda refused GetAccountSettings: ${(err as Error).name}`, { stage: 'preflight', hint: 'the credentials need lambda:GetAccountSettings and the permissions the README lists', cause: err });
    }
    const region = await client.config.region();
    const cannotRun = (cell: Cell) =>
      cell.lambda.package === 'image'
        ? 'lambda.package image needs an ECR repository to push to, which gosweep does not make yet; run zip packages'
        : cell.lambda.provisioned > 0
          ? 'lambda.provisioned needs a published version or alias, which gosweep does not publish yet; run with provisioned 0'
          : null;
    const platform = { name: 'lambda', client, role: process.env[ROLE_ENV] ?? '', facts: { region }, local: null, cannotRun, close: async () => client.destroy() };
    return new LambdaTarget(platform, scope);
  },
  async cleanup({ all, sweep }) {
    const client = new LambdaClient({});
    if (await credentialProblem(client)) return [];
    try {
      return await removeLeftFunctions(client, all, sweep);
    } catch (err) {
      throw new HarnessError(`AWS Lambda refused the cleanup of gosweep's functions: ${(err as Error).name}`, { stage: 'preflight', hint: 'the credentials need lambda:ListFunctions, lambda:ListTags, lambda:DeleteFunction and the permissions the README lists', cause: err });
    } finally {
      client.destroy();
    }
  },
};
