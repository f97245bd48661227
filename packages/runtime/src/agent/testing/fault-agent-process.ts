import { createAgentRuntime } from '../create-agent-runtime';
import { faultBlueprint, serveFaultAgent } from './fault-agent';

/**
 * The fault agent as a process of its own, so a test can kill it with SIGKILL: `node -r @swc-node/register
 * fault-agent-process.ts <agent id> <route prefix>` with the backends in the environment. Prints one JSON line
 * `{"url": …}` once it listens on a free loopback port.
 */
async function main(): Promise<void> {
  const [id, routePrefix] = process.argv.slice(2);
  if (!id || !routePrefix) throw new Error('usage: fault-agent-process.ts <agent id> <route prefix>');
  // FAULT_AGENT_GOVERNANCE_MODE=supervised holds every packet for the anchors (the held-work fault tests).
  const mode = process.env['FAULT_AGENT_GOVERNANCE_MODE'] === 'supervised' ? 'supervised' : 'autonomous';
  const agent = serveFaultAgent(await createAgentRuntime(faultBlueprint(id, routePrefix, mode), process.env));
  const url = await agent.listen(0, '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fault agent failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
