import type { AgentRuntime, DomainHandler } from '@l9/runtime';
import type { DetectAnomalyRequest, DetectAnomalyResponse } from '../generated/endpoint-types';

/**
 * Domain logic of TensorAIOS, serving detect_anomaly (POST /tensoraios/v6/anomaly).
 *
 * This file is yours: l9 wrote this default once and never overwrites it. `handle` takes DetectAnomalyRequest and
 * answers DetectAnomalyResponse (src/generated/endpoint-types.ts, from the endpoint's schemas): the runtime checks each
 * call against the request schema before this runs, and the answer against the response schema before it goes
 * out. The default keeps the latest input in working memory, records an episode and answers a small value that meets the response schema.
 * Replace the body of `handle` with the real logic; keep the factory's name so the wiring still finds it.
 */
export function createAnomalyDetector(runtime: AgentRuntime): DomainHandler {
  return {
    name: 'anomaly-detector',
    async handle(input: DetectAnomalyRequest, context): Promise<DetectAnomalyResponse> {
      await runtime.memory.working.set('anomaly-detector:last', input);
      await runtime.memory.episodic.append({
        agent: runtime.identity.id,
        kind: 'anomaly-detector',
        ...(context.traceId ? { trace_id: context.traceId } : {}),
        ...(context.packetId ? { packet_id: context.packetId } : {}),
        data: input,
      });
      return {
        "metric": "x",
        "anomalies": []
      };
    },
  };
}
