import type { JsonObject, JsonValue, PacketEnvelope } from '../envelope/envelope-schema';
import { PacketRouterRole } from '../roles/packet-router-role';
import type { PacketHandler, PacketHandlerResult } from '../server/server-options';
import type { AgentRuntime } from './agent-runtime';

/** The payload field that lists the agents a packet still has to pass through, in order. */
export const ROUTE_FIELD = 'route';

/** What an agent answers after forwarding: the path the packet took and the last agent's answer. */
export interface RoutedAnswer extends JsonObject {
  routed_path: string[];
  answer: JsonObject;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((hop) => typeof hop === 'string' && hop !== '');
}

function isRoutedAnswer(payload: JsonObject): payload is RoutedAnswer {
  const answer = payload['answer'];
  return (
    isStringList(payload['routed_path']) &&
    typeof answer === 'object' &&
    answer !== null &&
    !Array.isArray(answer)
  );
}

function withoutRoute(payload: JsonObject, rest: string[]): JsonObject {
  const { [ROUTE_FIELD]: _route, ...others } = payload;
  return rest.length > 0 ? { ...others, [ROUTE_FIELD]: rest as JsonValue } : others;
}

/**
 * Multi-hop delivery on top of an agent's packet handling. A packet whose payload carries
 * `route: [<agent id or name>, …]` is passed on, as a child envelope (same trace, lineage extended), to the
 * first agent of the list — which must be a peer of this one — with the rest of the list; the last hop gets
 * the payload without `route` and handles it itself. Each forwarder answers with the downstream answer as its
 * own (`{routed_path, answer}`, response type taken from downstream), so the caller sees the whole path.
 * A route may start with the receiving agent itself. Packets without `route` go straight to `handler`.
 */
export function withRouteForwarding(runtime: AgentRuntime, handler: PacketHandler): PacketHandler {
  const router = new PacketRouterRole(runtime);
  const self = runtime.identity;
  return async (envelope, context) => {
    const route = envelope.payload[ROUTE_FIELD];
    if (route === undefined) return handler(envelope, context);
    if (!isStringList(route)) {
      return rejected(
        envelope,
        'invalid_route',
        `payload.${ROUTE_FIELD} must be a list of agent ids or names`,
      );
    }
    const hops = route[0] === self.id || route[0] === self.name ? route.slice(1) : route;
    if (hops.length === 0) return handler(envelope, context);
    const peer = runtime.peers.find(hops[0]!);
    if (!peer) {
      const known =
        runtime.peers
          .list()
          .map((p) => p.id)
          .join(', ') || 'none';
      return rejected(
        envelope,
        'no_route',
        `${self.name} cannot forward to '${hops[0]}': not one of its peers (${known})`,
      );
    }
    try {
      const reply = await router.route(
        peer.id,
        envelope.packet_type,
        withoutRoute(envelope.payload, hops.slice(1)),
        envelope,
      );
      return forwardedAnswer(self.id, reply.envelope);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        payload: { error: 'route_failed', at: self.id, next: peer.id, message },
        packet_type: `${envelope.packet_type}.undeliverable`,
      };
    }
  };
}

function forwardedAnswer(selfId: string, reply: PacketEnvelope): PacketHandlerResult {
  const downstream = reply.payload;
  const payload: RoutedAnswer = isRoutedAnswer(downstream)
    ? { routed_path: [selfId, ...downstream.routed_path], answer: downstream.answer }
    : { routed_path: [selfId, reply.source_agent], answer: downstream };
  return { payload, packet_type: reply.packet_type };
}

function rejected(envelope: PacketEnvelope, error: string, message: string): PacketHandlerResult {
  return { payload: { error, message }, packet_type: `${envelope.packet_type}.rejected` };
}
