import type { Workload } from '../types.ts';
import { freePort } from './free-port.ts';

/** Where an instance listens, and the env and arguments that tell it so. */
export interface Listening {
  port: number;
  env: Record<string, string>;
  /** The workload's arguments with `{port}` filled in; empty leaves the image's or binary's own. */
  args: string[];
}

/** The arguments with `{port}` filled in. */
export const withPort = (args: string[], port: number) => args.map((a) => a.replaceAll('{port}', String(port)));

/**
 * Tells a workload its port as it expects: in its port variable (PORT unless
 * the matrix says portEnv), in its arguments, or not at all when it has a
 * fixed one. HOST asks services that read it to bind loopback only.
 */
export async function listenOn(workload: Workload, pickPort: () => Promise<number> = freePort): Promise<Listening> {
  const port = workload.listen.fixedPort ?? (await pickPort());
  return { port, env: { [workload.listen.portEnv]: String(port), HOST: '127.0.0.1' }, args: withPort(workload.listen.args, port) };
}
