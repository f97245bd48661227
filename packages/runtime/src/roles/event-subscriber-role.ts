import type { AgentModule } from '../agent/agent-module';
import type { AgentRuntime } from '../agent/agent-runtime';
import { signalsOf } from '../agent/governance-gate';
import { DomainInputError } from '../agent/operation-registry';
import { EnvelopeError } from '../envelope/envelope-error';
import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';
import { readEnvelope } from '../envelope/read-envelope';
import { verifyEnvelope } from '../envelope/sign-envelope';
import type { StreamMessage, Subscription } from '../stream/event-stream';
import { agentTopic } from './agent-topic';
import { auditEvent } from './audit-event';

export type EventOutcome = 'dispatched' | 'recorded' | 'escalated' | 'rejected';

export interface EventSubscriberOptions {
  /** Default `agent.<id>`. */
  topic?: string;
}

/**
 * Consumes the agent's topic (`agent.<id>`, consumer group `<id>`, so replicas share the work): each
 * envelope is verified, put to governance, then handed to the domain operation its `packet_type` names, or
 * recorded as an episode when none does. A message is acknowledged once handled; a handler failure leaves it
 * pending for redelivery. Envelopes that can never be handled (malformed, forged) are recorded and dropped.
 */
export class EventSubscriberRole implements AgentModule {
  readonly name = 'event-subscriber';
  readonly topic: string;
  private subscription: Subscription | undefined;
  private readonly counts: Record<EventOutcome, number> = {
    dispatched: 0,
    recorded: 0,
    escalated: 0,
    rejected: 0,
  };
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(
    private readonly runtime: AgentRuntime,
    options: EventSubscriberOptions = {},
  ) {
    this.topic = options.topic ?? agentTopic(runtime.identity.id);
  }

  get running(): boolean {
    return this.subscription !== undefined;
  }

  /** Messages handled so far, by outcome. */
  stats(): Readonly<Record<EventOutcome, number>> {
    return { ...this.counts };
  }

  /** Resolves once `count` messages in total have been handled (acknowledged) since start. */
  handled(count: number): Promise<void> {
    if (this.total() >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    const id = this.runtime.identity.id;
    this.subscription = await this.runtime.stream.subscribe(
      this.topic,
      id,
      `${id}-${process.pid}`,
      (message) => this.receive(message),
    );
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }

  private total(): number {
    return Object.values(this.counts).reduce((sum, n) => sum + n, 0);
  }

  private async receive(message: StreamMessage): Promise<void> {
    const outcome = await this.handle(message);
    this.counts[outcome] += 1;
    const total = this.total();
    const ready = this.waiters.filter((waiter) => waiter.count <= total);
    this.waiters = this.waiters.filter((waiter) => waiter.count > total);
    for (const waiter of ready) waiter.resolve();
  }

  private async handle(message: StreamMessage): Promise<EventOutcome> {
    let envelope: PacketEnvelope;
    try {
      envelope = readEnvelope(message.body, { destinationAgent: this.runtime.identity.id });
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      await this.episode('event.rejected', { message_id: message.id, reason: error.message });
      return 'rejected';
    }
    const verified = verifyEnvelope(envelope, this.runtime.config.auth.secret);
    if (verified.status !== 'ok') {
      await this.episode('event.rejected', { message_id: message.id, reason: verified.status }, envelope);
      return 'rejected';
    }
    // The stream's counterpart of the server's `packet.received`: what arrived, from whom, in which trace.
    await auditEvent(this.runtime, 'event.received', envelope.packet_id, {
      topic: message.topic,
      packet_type: envelope.packet_type,
      source_agent: envelope.source_agent,
      trace_id: envelope.metadata.trace_id,
    });
    const decision = await this.runtime.governance.evaluate({
      id: envelope.packet_id,
      agent: this.runtime.identity.id,
      action: envelope.packet_type,
      signals: signalsOf(envelope.payload),
      governance_flags: envelope.metadata.governance_flags,
      packet_id: envelope.packet_id,
      trace_id: envelope.metadata.trace_id,
    });
    if (decision.outcome === 'escalated') {
      await this.episode(
        'event.escalated',
        { escalation_id: decision.escalation?.id ?? null, packet_type: envelope.packet_type },
        envelope,
      );
      return 'escalated';
    }
    if (this.runtime.operations.get(envelope.packet_type)) {
      try {
        await this.runtime.operations.dispatch(envelope.packet_type, envelope.payload, {
          traceId: envelope.metadata.trace_id,
          packetId: envelope.packet_id,
        });
      } catch (error) {
        // Input the operation refuses stays refused however often it is delivered; anything else is retried.
        if (!(error instanceof DomainInputError)) throw error;
        await this.episode('event.rejected', { message_id: message.id, reason: error.message }, envelope);
        return 'rejected';
      }
      return 'dispatched';
    }
    await this.episode(
      `event.${envelope.packet_type}`,
      { source_agent: envelope.source_agent, payload: envelope.payload },
      envelope,
    );
    return 'recorded';
  }

  private async episode(kind: string, data: JsonObject, envelope?: PacketEnvelope): Promise<void> {
    await this.runtime.memory.episodic.append({
      agent: this.runtime.identity.id,
      kind,
      data,
      ...(envelope ? { packet_id: envelope.packet_id, trace_id: envelope.metadata.trace_id } : {}),
    });
  }
}
