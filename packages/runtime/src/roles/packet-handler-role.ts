import type { AgentModule } from '../agent/agent-module';
import type { AgentRuntime } from '../agent/agent-runtime';
import { DomainInputError } from '../agent/operation-registry';
import type { PacketEnvelope } from '../envelope/envelope-schema';
import type { PacketContext, PacketHandlerResult } from '../server/server-options';
import { CausalTracerRole } from './causal-tracer-role';

/** The operation a packet asks for: its `packet_type`, else a string `payload.operation`, when registered. */
export function operationFor(
  runtime: Pick<AgentRuntime, 'operations'>,
  envelope: PacketEnvelope,
): string | null {
  if (runtime.operations.get(envelope.packet_type)) return envelope.packet_type;
  const named = envelope.payload['operation'];
  return typeof named === 'string' && runtime.operations.get(named) ? named : null;
}

/**
 * Handles the PacketEnvelopes the agent's server admitted (validated, governed, audited): records each as an
 * episode, traces its lineage in causal memory, runs the domain operation it names and answers with the
 * result. A packet that names no operation is acknowledged; input the operation refuses is answered with
 * the reason (`<type>.rejected`) rather than failing the exchange.
 */
export class PacketHandlerRole implements AgentModule {
  readonly name = 'packet-handler';
  private readonly tracer: CausalTracerRole;

  constructor(private readonly runtime: AgentRuntime) {
    this.tracer = new CausalTracerRole(runtime);
  }

  async handlePacket(envelope: PacketEnvelope, context?: PacketContext): Promise<PacketHandlerResult> {
    const operation = operationFor(this.runtime, envelope);
    await this.runtime.memory.episodic.append({
      agent: this.runtime.identity.id,
      kind: `packet.${envelope.packet_type}`,
      packet_id: envelope.packet_id,
      trace_id: envelope.metadata.trace_id,
      data: { source_agent: envelope.source_agent, operation, payload: envelope.payload },
    });
    if (this.tracer.enabled) await this.tracer.trace(envelope);
    if (!operation)
      return { payload: { received: envelope.packet_id, by: this.runtime.identity.id, operation: null } };
    try {
      const payload = await this.runtime.operations.dispatch(operation, envelope.payload, {
        traceId: envelope.metadata.trace_id,
        packetId: envelope.packet_id,
        ...(context?.signal ? { signal: context.signal } : {}),
      });
      return { payload };
    } catch (error) {
      if (!(error instanceof DomainInputError)) throw error;
      return {
        payload: { error: 'invalid_input', message: error.message, operation },
        packet_type: `${envelope.packet_type}.rejected`,
      };
    }
  }
}
