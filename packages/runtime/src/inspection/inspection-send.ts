import type { AgentRuntime } from '../agent/agent-runtime';
import { peerUrlVariable } from '../agent/peer-directory';
import { AgentClient, type PacketReply } from '../client';
import { createEnvelope } from '../envelope/create-envelope';
import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';
import { EventPublisherRole } from '../roles/event-publisher-role';

/** What `POST /<prefix>/inspection/send` asks the agent to send, as itself. */
export interface InspectionSendRequest {
  /** Destination agent id. */
  to: string;
  /** Route prefix of the destination; needed only when it is not a declared peer. */
  route_prefix?: string | undefined;
  via: 'rest' | 'stream';
  packet_type: string;
  payload: JsonObject;
  governance_flags?: string[] | undefined;
}

export interface InspectionSendResult {
  via: 'rest' | 'stream';
  /** The envelope this agent sent (over REST the client signs it on the way out). */
  envelope: PacketEnvelope;
  /** REST only: the destination's answer (a child envelope of `envelope`). */
  reply?: { status: number; envelope: PacketEnvelope };
  /** Stream only: topic and entry id the envelope was published under. */
  published?: { topic: string; message_id: string };
}

/** A destination that cannot be reached from what the request and the environment say. */
export class InspectionSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InspectionSendError';
  }
}

function restClient(
  runtime: AgentRuntime,
  request: InspectionSendRequest,
): { client: AgentClient; routePrefix: string } {
  const declared = runtime.peers.find(request.to);
  if (declared) return { client: runtime.peers.client(declared.id), routePrefix: declared.routePrefix };
  const baseUrl = runtime.peers.configuredUrl(request.to);
  if (!baseUrl || !request.route_prefix) {
    throw new InspectionSendError(
      `'${request.to}' is not a declared peer of ${runtime.identity.id}: give route_prefix and set ${peerUrlVariable(request.to)} on this agent`,
    );
  }
  return {
    client: new AgentClient({ baseUrl, secret: runtime.config.auth.secret, retries: 1 }),
    routePrefix: request.route_prefix,
  };
}

/**
 * Sends one envelope as this agent (its identity, its packet secret, its peer clients or its event stream)
 * and records the send in its own audit log (`packet.sent` / `event.published`) and episodic memory, so an
 * integration run can check both sides of an exchange.
 */
export async function inspectionSend(
  runtime: AgentRuntime,
  request: InspectionSendRequest,
): Promise<InspectionSendResult> {
  const fields = {
    packet_type: request.packet_type,
    source_agent: runtime.identity.id,
    destination_agent: request.to,
    payload: request.payload,
    ...(request.governance_flags ? { governance_flags: request.governance_flags } : {}),
  };
  let result: InspectionSendResult;
  if (request.via === 'stream') {
    const published = await new EventPublisherRole(runtime).publish(
      request.to,
      request.packet_type,
      request.payload,
      request.governance_flags ? { governanceFlags: request.governance_flags } : {},
    );
    result = {
      via: 'stream',
      envelope: published.envelope,
      published: { topic: published.topic, message_id: published.message_id },
    };
  } else {
    const { client, routePrefix } = restClient(runtime, request);
    const envelope = createEnvelope(fields);
    const reply: PacketReply = await client.sendPacket(envelope, routePrefix);
    result = { via: 'rest', envelope, reply: { status: reply.status, envelope: reply.envelope } };
  }
  const { envelope } = result;
  const trace_id = envelope.metadata.trace_id;
  const record: JsonObject = {
    to: request.to,
    via: request.via,
    packet_type: request.packet_type,
    trace_id,
    ...(result.reply
      ? { reply_status: result.reply.status, reply_packet_id: result.reply.envelope.packet_id }
      : {}),
  };
  await runtime.audit.append({
    agent: runtime.identity.id,
    action: request.via === 'rest' ? 'packet.sent' : 'event.published',
    subject: envelope.packet_id,
    data: record,
  });
  await runtime.memory.episodic.append({
    agent: runtime.identity.id,
    kind: 'packet.sent',
    packet_id: envelope.packet_id,
    trace_id,
    data: record,
  });
  return result;
}
