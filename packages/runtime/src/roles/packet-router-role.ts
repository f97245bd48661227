import type { PeerAgent } from '../agent/agent-blueprint';
import type { AgentRuntime } from '../agent/agent-runtime';
import type { PacketReply } from '../client/agent-client';
import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';
import { auditEvent } from './audit-event';

export interface Route {
  id: string;
  name: string;
  kind: PeerAgent['kind'];
  /** Where packets go: `<base url>/<prefix>/packets`. */
  url: string;
}

export class RoutingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoutingError';
  }
}

/**
 * Routes packets to the agents this one depends on, and only to them: the routing table is the agent's
 * peer list from the locked plan. Forwarded packets are children of what they forward, so lineage and
 * the trace id carry over; every routed packet is audited.
 */
export class PacketRouterRole {
  constructor(private readonly runtime: AgentRuntime) {}

  routes(): Route[] {
    return this.runtime.peers.list().map((peer) => ({
      id: peer.id,
      name: peer.name,
      kind: peer.kind,
      url: `${this.runtime.peers.baseUrl(peer)}/${peer.routePrefix}/packets`,
    }));
  }

  canRoute(destination: string): boolean {
    return this.runtime.peers.find(destination) !== undefined;
  }

  /** Sends a new packet to a peer; a child of `parent` when given. */
  async route(
    destination: string,
    packetType: string,
    payload: JsonObject,
    parent?: PacketEnvelope,
  ): Promise<PacketReply> {
    const peer = this.runtime.peers.find(destination);
    if (!peer) {
      const known =
        this.runtime.peers
          .list()
          .map((p) => p.id)
          .join(', ') || 'none';
      throw new RoutingError(
        `${this.runtime.identity.name} has no route to '${destination}': it is not a peer (peers: ${known})`,
      );
    }
    await auditEvent(this.runtime, 'packet.routed', parent?.packet_id ?? null, {
      to: peer.id,
      packet_type: packetType,
    });
    return this.runtime.peers.send(peer.id, packetType, payload, parent ? { parent } : {});
  }

  /** Passes an envelope on unchanged in type and payload, as its child. */
  forward(envelope: PacketEnvelope, destination: string): Promise<PacketReply> {
    return this.route(destination, envelope.packet_type, envelope.payload, envelope);
  }
}
