/**
 * One measured server of tools/bench/a2a.ts (`L9_BENCH_TARGET` names which, see a2a-targets.ts), alone in its
 * process so no other target's heap or timers share its CPU. Runs as compiled JavaScript (see compile-for-bench).
 *
 *   → parent: { ready: A2ATarget }                  once the server listens
 *   ← parent: { cpu: true }   → { cpu: number }      CPU time used so far (user + system, µs)
 *   ← parent: { stats: true } → { stats: { rssMax, audited } }
 *   ← parent: { close: true } → exits after closing the server
 */
import { A2A_TARGETS, startTarget, type A2ATargetName } from './a2a-targets';

async function main(): Promise<void> {
  const name = process.env['L9_BENCH_TARGET'] as A2ATargetName;
  if (!A2A_TARGETS.includes(name))
    throw new Error(`L9_BENCH_TARGET must be one of ${A2A_TARGETS.join(', ')}`);
  const running = await startTarget(name);
  let rssMax = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 50);
  process.on('message', (message: { cpu?: true; stats?: true; close?: true }) => {
    if (message.cpu) {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
    if (message.stats) process.send?.({ stats: { rssMax, audited: running.audited() } });
    if (message.close) {
      clearInterval(sampler);
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }
  });
  process.send?.({ ready: running.target });
}

main().catch((error: unknown) => {
  process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
