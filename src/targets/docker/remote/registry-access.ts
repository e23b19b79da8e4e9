import type { RegistryAccess } from '../registry-access.ts';
import type { RemoteContext } from './cold-start.ts';

/** The sweep's registry on a remote engine's host, reached through the driver there. */
export function registryThroughDriver(ctx: RemoteContext): RegistryAccess {
  return {
    pickPort: async () => (await ctx.driver.ask<{ port: number }>(['port'], 'port pick')).port,
    async waitReady(url, exited, signal) {
      const probe = await ctx.driver.probe(['ready', '-url', url, '-timeout', '10s', '-exit-with-stdin']);
      const stop = () => probe.stop();
      signal.addEventListener('abort', stop, { once: true });
      void exited.then(stop);
      try {
        for await (const line of probe.lines) {
          if (line.event === 'ready' || line.event === 'timeout') return line.event;
        }
        return signal.aborted ? 'aborted' : 'exited';
      } finally {
        stop();
        signal.removeEventListener('abort', stop);
      }
    },
    async get(url, headers) {
      const sent = await ctx.via.send(url, { method: 'GET', headers, body: null }, { timeoutMs: 10_000, maxBytes: 1 << 20, fresh: true });
      return sent && { status: sent.status, body: sent.body };
    },
  };
}
