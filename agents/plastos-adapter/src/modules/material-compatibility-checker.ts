import { DomainInputError, type AgentRuntime, type DomainHandler } from '@l9/runtime';

/**
 * Domain logic of PlastOSAdapter.
 *
 * This file is yours: l9 wrote this default once and never overwrites it. The default keeps the latest input in
 * working memory, records an episode and answers with a summary of what it received. Replace the body of
 * `handle` with the real logic; keep the factory's name and the handler's shape so the wiring still finds it.
 */
export function createMaterialCompatibilityChecker(runtime: AgentRuntime): DomainHandler {
  return {
    name: 'material-compatibility-checker',
    async handle(input, context) {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        throw new DomainInputError('material-compatibility-checker expects a JSON object');
      }
      await runtime.memory.working.set('material-compatibility-checker:last', input);
      const episode = await runtime.memory.episodic.append({
        agent: runtime.identity.id,
        kind: 'material-compatibility-checker',
        ...(context.traceId ? { trace_id: context.traceId } : {}),
        ...(context.packetId ? { packet_id: context.packetId } : {}),
        data: input,
      });
      return { module: 'material-compatibility-checker', accepted: true, episode_id: episode.id, received: Object.keys(input).sort() };
    },
  };
}
