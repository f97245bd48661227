import { DomainInputError, type AgentRuntime, type DomainHandler } from '@l9/runtime';

/**
 * Domain logic of TensorAuditor, serving compliance_report.
 *
 * This file is yours: l9 wrote this default once and never overwrites it. The default keeps the latest input in
 * working memory, records an episode and answers with a summary of what it received. Replace the body of
 * `handle` with the real logic; keep the factory's name and the handler's shape so the wiring still finds it.
 */
export function createReportGenerator(runtime: AgentRuntime): DomainHandler {
  return {
    name: 'report-generator',
    async handle(input, context) {
      if (input === null || typeof input !== 'object' || Array.isArray(input)) {
        throw new DomainInputError('report-generator expects a JSON object');
      }
      await runtime.memory.working.set('report-generator:last', input);
      const episode = await runtime.memory.episodic.append({
        agent: runtime.identity.id,
        kind: 'report-generator',
        ...(context.traceId ? { trace_id: context.traceId } : {}),
        ...(context.packetId ? { packet_id: context.packetId } : {}),
        data: input,
      });
      return { module: 'report-generator', accepted: true, episode_id: episode.id, received: Object.keys(input).sort() };
    },
  };
}
