import type { AgentRuntime } from '../agent/agent-runtime';
import { createEnvelope } from '../envelope/create-envelope';
import { deriveChildEnvelope } from '../envelope/derive-child-envelope';
import type { JsonObject, PacketEnvelope, Priority } from '../envelope/envelope-schema';
import { signEnvelope } from '../envelope/sign-envelope';
import { agentTopic } from './agent-topic';

export interface PublishOptions {
  /** The envelope this one answers or follows from: lineage and trace id carry over. */
  parent?: PacketEnvelope;
  priority?: Priority;
  governanceFlags?: string[];
}

export interface Published {
  topic: string;
  /** Stream entry id. */
  message_id: string;
  envelope: PacketEnvelope;
}

/**
 * Publishes PacketEnvelopes on the event stream: to another agent (topic `agent.<id>`, which that agent's
 * event subscriber consumes) or to a named topic. Envelopes are signed when the agent has a packet secret.
 */
export class EventPublisherRole {
  constructor(private readonly runtime: AgentRuntime) {}

  /** To one agent, by id. */
  publish(
    destination: string,
    packetType: string,
    payload: JsonObject,
    options: PublishOptions = {},
  ): Promise<Published> {
    return this.send(agentTopic(destination), destination, packetType, payload, options);
  }

  /** To a named topic; `destination_agent` names the topic, since every subscriber of it is a recipient. */
  publishTo(
    topic: string,
    packetType: string,
    payload: JsonObject,
    options: PublishOptions = {},
  ): Promise<Published> {
    return this.send(topic, topic, packetType, payload, options);
  }

  private async send(
    topic: string,
    destination: string,
    packetType: string,
    payload: JsonObject,
    options: PublishOptions,
  ): Promise<Published> {
    const fields = {
      packet_type: packetType,
      source_agent: this.runtime.identity.id,
      destination_agent: destination,
      payload,
      ...(options.priority ? { priority: options.priority } : {}),
      ...(options.governanceFlags ? { governance_flags: options.governanceFlags } : {}),
    };
    const unsigned = options.parent ? deriveChildEnvelope(options.parent, fields) : createEnvelope(fields);
    const secret = this.runtime.config.auth.secret;
    const envelope = secret ? signEnvelope(unsigned, secret) : unsigned;
    const message_id = await this.runtime.stream.publish(topic, envelope);
    return { topic, message_id, envelope };
  }
}
