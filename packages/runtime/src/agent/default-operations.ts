import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';
import type { PacketHandlerResult } from '../server/server-options';
import type { AgentRuntime } from './agent-runtime';
import type { DomainContext } from './operation-registry';

/**
 * What an endpoint without a domain module does: records the call as an episode and acknowledges it, so
 * every declared endpoint answers from the first generation on.
 */
export async function acknowledgeOperation(
  runtime: AgentRuntime,
  operation: string,
  input: JsonObject,
  context: DomainContext,
): Promise<JsonObject> {
  const episode = await runtime.memory.episodic.append({
    agent: runtime.identity.id,
    kind: `operation.${operation}`,
    ...(context.traceId ? { trace_id: context.traceId } : {}),
    ...(context.packetId ? { packet_id: context.packetId } : {}),
    data: input,
  });
  return { operation, accepted: true, episode_id: episode.id };
}

/**
 * The agent's packet handling when no module provides one: records the packet as an episode, then runs the
 * domain operation its `packet_type` names if there is one, else acknowledges it.
 */
export async function handlePacketByType(
  runtime: AgentRuntime,
  envelope: PacketEnvelope,
): Promise<PacketHandlerResult> {
  const context: DomainContext = { traceId: envelope.metadata.trace_id, packetId: envelope.packet_id };
  await runtime.memory.episodic.append({
    agent: runtime.identity.id,
    kind: `packet.${envelope.packet_type}`,
    packet_id: envelope.packet_id,
    trace_id: envelope.metadata.trace_id,
    data: { source_agent: envelope.source_agent, payload: envelope.payload },
  });
  if (runtime.operations.get(envelope.packet_type)) {
    return { payload: await runtime.operations.dispatch(envelope.packet_type, envelope.payload, context) };
  }
  return { payload: { received: envelope.packet_id, by: runtime.identity.id } };
}
