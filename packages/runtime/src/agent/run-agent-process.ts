import { insecureWarning } from '../config/network-exposure';
import type { RunningAgent } from './serve-agent';

/**
 * The body of an agent's `main.ts`: builds the agent, listens on the configured port, prints one line
 * with the URL (and one on stderr when it runs open beyond loopback because `L9_ALLOW_INSECURE=true`), and
 * shuts down cleanly on SIGINT/SIGTERM. A start failure, such as an exposed agent without its secrets, prints
 * why and exits 1.
 */
export function runAgentProcess(name: string, create: () => Promise<RunningAgent<object>>): void {
  let agent: RunningAgent<object> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    // A second signal (Ctrl-C reaches a whole process group, then a supervisor sends SIGTERM) must not cut
    // the close short: the first one already flushes and closes every backend.
    if (stopping) return;
    stopping = true;
    if (!agent) process.exit(0);
    const running = agent;
    agent = undefined;
    try {
      await running.close();
      process.stdout.write(`${name} stopped (${signal})\n`);
      process.exit(0);
    } catch (error) {
      process.stderr.write(`${name} did not stop cleanly: ${(error as Error).message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  create()
    .then(async (created) => {
      agent = created;
      const url = await created.listen();
      process.stdout.write(`${name} listening on ${url}\n`);
      const security = created.security();
      if (security.insecure) process.stderr.write(`${insecureWarning(name, security)}\n`);
    })
    .catch((error: Error) => {
      process.stderr.write(`${name} failed to start: ${error.message}\n`);
      process.exit(1);
    });
}
