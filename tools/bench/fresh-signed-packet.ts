import type { PacketEnvelope } from '../../packages/runtime/src/envelope/envelope-schema';
import { computeSignature } from '../../packages/runtime/src/envelope/sign-envelope';

/**
 * A unique, freshly timestamped, signed copy of `template` as JSON text: same shape and size every time, so every
 * request of a load costs the agent the same. `sequence` makes the packet id (and the lineage root) unique; the
 * replay guard would refuse a repeated one.
 */
export function freshSignedPacket(template: PacketEnvelope, secret: string, sequence: number): string {
  const id = `${(0x10000000 + sequence).toString(16).slice(-8)}-${template.packet_id.slice(9)}`;
  const envelope: PacketEnvelope = {
    ...template,
    packet_id: id,
    timestamp: new Date().toISOString(),
    lineage: { ...template.lineage, root_packet_id: id },
  };
  return JSON.stringify({ ...envelope, signature: computeSignature(envelope, secret) });
}
