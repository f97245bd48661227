/**
 * The measured process of tools/bench/runtime.ts: hosts the bare fastify route, the agent's HTTP layer alone and
 * the agent server, samples its own RSS every 50 ms, and answers the parent over IPC. Runs as compiled JavaScript
 * (see compile-for-bench).
 *
 *   → parent: { ready: { bare, framework, agent } }              once every server listens
 *   ← parent: { stats: true }  → { stats: ServerStats }          RSS and audit count so far
 *   ← parent: { cpu: true }    → { cpu: number }                 CPU time used so far (user + system, µs)
 *   ← parent: { close: true }  → exits after closing the servers
 */
import { startTargets, type BenchTarget } from './runtime-targets';

export interface ServerStats {
  rssMax: number;
  rssIdle: number;
  audited: number;
}

export type ServerMessage =
  | { ready: { bare: BenchTarget; framework: BenchTarget; agent: BenchTarget } }
  | { stats: ServerStats }
  | { cpu: number }
  | { error: string };

async function main(): Promise<void> {
  const secret = process.env['L9_BENCH_SECRET'];
  if (!secret) throw new Error('L9_BENCH_SECRET is not set');
  const targets = await startTargets(secret, process.env['L9_BENCH_AUDIT'] === 'memory' ? 'memory' : 'file');
  const rssIdle = process.memoryUsage().rss;
  let rssMax = rssIdle;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
  const send = (message: ServerMessage) => process.send?.(message);
  process.on('message', (message: { stats?: true; cpu?: true; close?: true }) => {
    if (message.cpu) {
      const { user, system } = process.cpuUsage();
      send({ cpu: user + system });
    }
    if (message.stats) {
      rssMax = Math.max(rssMax, process.memoryUsage().rss);
      send({ stats: { rssMax, rssIdle, audited: targets.auditedCount() } });
    }
    if (message.close) {
      clearInterval(sampler);
      targets.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }
  });
  send({ ready: { bare: targets.bare, framework: targets.framework, agent: targets.agent } });
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
