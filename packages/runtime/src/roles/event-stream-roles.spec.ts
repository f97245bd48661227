import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { createEnvelope } from '../envelope/create-envelope';
import { DomainInputError } from '../agent/operation-registry';
import { agentTopic } from './agent-topic';
import { EventPublisherRole } from './event-publisher-role';
import { EventSubscriberRole } from './event-subscriber-role';
import { CALM_SIGNALS, roleTestBlueprint } from './role-test-support';

describe('EventPublisherRole and EventSubscriberRole', () => {
  let runtime: AgentRuntime;
  let publisher: EventPublisherRole;
  let subscriber: EventSubscriberRole;
  const scored: Array<Record<string, unknown>> = [];

  beforeEach(async () => {
    scored.length = 0;
    runtime = await createTestRuntime(roleTestBlueprint());
    runtime.operations.register({
      name: 'score',
      async handle(input) {
        if (typeof input['value'] !== 'number') throw new DomainInputError('value must be a number');
        scored.push(input);
        return { ok: true };
      },
    });
    publisher = new EventPublisherRole(runtime);
    subscriber = new EventSubscriberRole(runtime);
  });

  afterEach(async () => {
    await subscriber.stop();
    await runtime.close();
  });

  it("publishes envelopes to an agent's topic; the subscriber dispatches or records each and acknowledges it", async () => {
    await subscriber.start();
    await subscriber.start();
    expect(subscriber.running).toBe(true);
    const first = await publisher.publish('scorer-agent', 'score', { value: 2, ...CALM_SIGNALS });
    expect(first.topic).toBe(agentTopic('scorer-agent'));
    expect(first.envelope).toMatchObject({
      source_agent: 'scorer-agent',
      destination_agent: 'scorer-agent',
      packet_type: 'score',
    });
    const second = await publisher.publish(
      'scorer-agent',
      'note',
      { text: 'hello', ...CALM_SIGNALS },
      { parent: first.envelope, priority: 'high' },
    );
    expect(second.envelope.lineage.parent_ids).toEqual([first.envelope.packet_id]);
    expect(second.envelope.metadata.trace_id).toBe(first.envelope.metadata.trace_id);
    await subscriber.handled(2);
    expect(scored).toEqual([{ value: 2, ...CALM_SIGNALS }]);
    expect(subscriber.stats()).toEqual({ dispatched: 1, recorded: 1, escalated: 0, rejected: 0 });
    expect(await runtime.memory.episodic.query({ kind: 'event.note' })).toHaveLength(1);
  });

  it('holds an envelope that meets the escalation policy and refuses malformed ones and refused input', async () => {
    await subscriber.start();
    await publisher.publish('scorer-agent', 'score', { value: 1, ...CALM_SIGNALS, anomaly_score: 0.99 });
    await runtime.stream.publish(agentTopic('scorer-agent'), { packet_id: 'not-an-envelope' });
    await publisher.publish('scorer-agent', 'score', { value: 'high', ...CALM_SIGNALS });
    await subscriber.handled(3);
    expect(subscriber.stats()).toEqual({ dispatched: 0, recorded: 0, escalated: 1, rejected: 2 });
    expect(scored).toEqual([]);
    expect(await runtime.governance.list({ status: 'paused' })).toHaveLength(1);
  });

  it('publishes to a named topic, signs with the packet secret, and rejects forged envelopes', async () => {
    const signed = await createTestRuntime(roleTestBlueprint(), {
      L9_PACKET_SECRET: 'shared-secret-of-the-ecosystem',
    });
    const listener = new EventSubscriberRole(signed, { topic: 'alerts' });
    try {
      await listener.start();
      const sent = await new EventPublisherRole(signed).publishTo('alerts', 'alert', {
        level: 'high',
        ...CALM_SIGNALS,
      });
      expect(sent.envelope.signature).toMatch(/^[0-9a-f]{64}$/);
      const forged = createEnvelope({
        packet_type: 'alert',
        source_agent: 'mallory',
        destination_agent: 'alerts',
        payload: { level: 'low' },
      });
      await signed.stream.publish('alerts', forged);
      await listener.handled(2);
      expect(listener.stats()).toMatchObject({ recorded: 1, rejected: 1 });
    } finally {
      await listener.stop();
      await signed.close();
    }
  });
});
