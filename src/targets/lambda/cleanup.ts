import os from 'node:os';
import { LambdaClient, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { isOwnerAlive } from '../../owner.ts';
import { deleteFunction } from './lambda-api.ts';
import { FUNCTION_PREFIX, TAG_OWNER_HOST, TAG_OWNER_PID, TAG_SWEEP } from './tags.ts';

/** Deletes the functions sweeps left: those whose owner process is gone from this host and those of `sweep`, or all of gosweep's with `all`. */
export async function removeLeftFunctions(client: LambdaClient, all: boolean, sweep?: string): Promise<string[]> {
  const removed: string[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }));
    for (const fn of page.Functions ?? []) {
      if (!fn.FunctionName?.startsWith(FUNCTION_PREFIX) || !fn.FunctionArn) continue;
      const { Tags: tags = {} } = await client.send(new ListTagsCommand({ Resource: fn.FunctionArn }));
      if (!tags[TAG_SWEEP]) continue;
      const here = tags[TAG_OWNER_HOST] === os.hostname();
      const alive = here && isOwnerAlive(Number(tags[TAG_OWNER_PID]));
      const orphan = !alive && (here || tags[TAG_SWEEP] === sweep);
      if (!all && !orphan) continue;
      await deleteFunction(client, fn.FunctionName);
      removed.push(`function ${fn.FunctionName}`);
    }
    marker = page.NextMarker;
  } while (marker);
  return removed;
}
