import type { AgentBlueprint } from './agent-blueprint';
import type { AgentRuntime } from './agent-runtime';
import { createAgentRuntime } from './create-agent-runtime';

/**
 * A runtime for an agent's own tests: every backend in-process whatever the machine's environment says,
 * auth off, logging off. Close it after each test.
 */
export function createTestRuntime(
  blueprint: AgentBlueprint,
  env: NodeJS.ProcessEnv = {},
): Promise<AgentRuntime> {
  return createAgentRuntime(blueprint, { L9_LOG_LEVEL: 'silent', ...env });
}
