import type { PacketEnvelope } from '../envelope/envelope-schema';
import type { PacketContext, PacketHandlerResult } from '../server/server-options';

/**
 * What the wiring may find on a module. Every member is optional: a module that has `start` is started
 * when the agent listens and `stop`ped when it closes; the first module with `handlePacket` handles the
 * agent's PacketEnvelopes.
 */
export interface AgentModule {
  readonly name?: string;
  start?(): Promise<void>;
  stop?(): Promise<void>;
  handlePacket?(envelope: PacketEnvelope, context: PacketContext): Promise<PacketHandlerResult>;
}

export function asAgentModule(value: unknown): AgentModule {
  return (typeof value === 'object' && value !== null ? value : {}) as AgentModule;
}
