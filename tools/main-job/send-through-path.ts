import { AgentClient, createEnvelope, type JsonObject } from '@l9/runtime';
import type { DeployedAgent } from '../../packages/l9/src/deploy';

/** The result of one envelope sent along a multi-agent path. */
export interface PathResult {
  ok: boolean;
  /** The agents asked for, in order. */
  route: string[];
  /** The agents the answer says it went through. */
  routed_path: string[];
  status: number | null;
  packet_type: string | null;
  trace_id: string;
  /** The answer carries the request's trace and descends from it. */
  lineage_ok: boolean;
  answer: JsonObject | null;
  error?: string;
}

/**
 * Sends one PacketEnvelope to the first agent of `route` with `payload.route` naming the others: each agent
 * forwards it to the next as a child envelope, the last handles it (`packetType` names its operation), and
 * the answer comes back through every hop. Success means the answer took exactly that path. With packet auth on,
 * `packetSecret` signs the envelope (and verifies the answer).
 */
export async function sendThroughPath(
  agents: readonly DeployedAgent[],
  route: readonly string[],
  packetType: string,
  payload: JsonObject,
  packetSecret?: string,
): Promise<PathResult> {
  const [first, ...rest] = route.map((id) => agents.find((a) => a.id === id)!);
  const envelope = createEnvelope({
    packet_type: packetType,
    source_agent: 'main-job',
    destination_agent: first!.id,
    payload: { ...payload, route: rest.map((a) => a.id) },
  });
  const base = { route: [...route], trace_id: envelope.metadata.trace_id };
  try {
    const reply = await new AgentClient({
      baseUrl: `http://127.0.0.1:${first!.port}`,
      retries: 0,
      ...(packetSecret ? { secret: packetSecret } : {}),
    }).sendPacket(envelope, first!.routePrefix);
    const answer = reply.envelope.payload;
    const routed = Array.isArray(answer['routed_path']) ? (answer['routed_path'] as string[]) : [];
    const lineage_ok =
      reply.envelope.metadata.trace_id === envelope.metadata.trace_id &&
      reply.envelope.lineage.parent_ids.includes(envelope.packet_id);
    const inner = (answer['answer'] ?? null) as JsonObject | null;
    const ok =
      reply.status === 200 &&
      lineage_ok &&
      routed.join('>') === route.join('>') &&
      inner !== null &&
      !('error' in inner);
    return {
      ...base,
      ok,
      routed_path: routed,
      status: reply.status,
      packet_type: reply.envelope.packet_type,
      lineage_ok,
      answer: inner ?? answer,
    };
  } catch (error) {
    return {
      ...base,
      ok: false,
      routed_path: [],
      status: null,
      packet_type: null,
      lineage_ok: false,
      answer: null,
      error: (error as Error).message,
    };
  }
}
