import { moduleFactoryName } from '../code-names';
import type { AgentRenderContext } from '../render-context';
import { renderRoleModule, renderRoleSpec, tsString, type RoleTemplate } from './role-template';

function peerList(ctx: AgentRenderContext): string {
  return ctx.dependencies.map((p) => `${p.name} (agent.${p.id})`).join(', ') || 'no peer agents';
}

export const eventPublisherTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'EventPublisherRole',
      roleName: 'event publisher',
      about: [
        "Publishes PacketEnvelopes on the event stream, to another agent's topic (agent.<id>) or to a named topic, with lineage and trace id carried over from the packet they follow; signed when L9_PACKET_SECRET is set.",
        `Outputs declared by the schema: ${ctx.spec.communication.output.join(', ') || 'none'}. Peers: ${peerList(ctx)}.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    const target = ctx.dependencies[0]?.id ?? ctx.spec.id;
    return renderRoleSpec(ctx, module, {
      roleName: 'event publisher',
      runtimeImports: ['agentTopic', 'type StreamMessage', 'type Subscription'],
      declarations: ['let subscription: Subscription | undefined;'],
      cleanup: ['await subscription?.close();', 'subscription = undefined;'],
      tests: [
        `  it(${tsString(`publishes an envelope on the topic of ${target}, a child of the packet it follows`)}, async () => {
    const publisher = ${factory}(runtime);
    const received: StreamMessage[] = [];
    let delivered!: () => void;
    const arrived = new Promise<void>((resolve) => (delivered = resolve));
    subscription = await runtime.stream.subscribe(agentTopic(${tsString(target)}), 'generated-test', 'generated-test-1', (message) => {
      received.push(message);
      if (received.length === 2) delivered();
    });
    const first = await publisher.publish(${tsString(target)}, 'publisher.check', { step: 1 });
    const second = await publisher.publish(${tsString(target)}, 'publisher.check', { step: 2 }, { parent: first.envelope });
    await arrived;
    expect(received.map((m) => m.body['packet_id'])).toEqual([first.envelope.packet_id, second.envelope.packet_id]);
    expect(second.envelope.lineage.parent_ids).toEqual([first.envelope.packet_id]);
    expect(second.envelope.metadata.trace_id).toBe(first.envelope.metadata.trace_id);
    expect(first.envelope.source_agent).toBe(${tsString(ctx.spec.id)});
  });`,
        `  it('publishes to a named topic and refuses an envelope without a packet type', async () => {
    const publisher = ${factory}(runtime);
    expect((await publisher.publishTo('generated-test-topic', 'publisher.check', {})).topic).toBe('generated-test-topic');
    await expect(publisher.publish(${tsString(target)}, '', {})).rejects.toThrow();
  });`,
      ],
    });
  },
};

export const eventSubscriberTemplate: RoleTemplate = {
  module: (ctx, module) =>
    renderRoleModule(ctx, module, {
      className: 'EventSubscriberRole',
      roleName: 'event subscriber',
      about: [
        `Consumes the topic agent.${ctx.spec.id} (consumer group ${ctx.spec.id}) while the agent runs: each envelope is verified, put to governance, then handed to the domain operation its packet_type names or recorded as an episode, and acknowledged once handled.`,
        `Inputs declared by the schema: ${ctx.spec.communication.input.join(', ') || 'none'}.`,
      ],
    }),
  spec: (ctx, module) => {
    const factory = moduleFactoryName(module.name);
    return renderRoleSpec(ctx, module, {
      roleName: 'event subscriber',
      runtimeImports: ['agentTopic', 'createEnvelope', 'type EventSubscriberRole'],
      declarations: ['let subscriber: EventSubscriberRole;'],
      cleanup: ['await subscriber.stop();'],
      tests: [
        `  it(${tsString(`handles an envelope published on agent.${ctx.spec.id}${ctx.spec.governance.mode === 'supervised' ? ', holding it for an anchor' : ''} and acknowledges it`)}, async () => {
    subscriber = ${factory}(runtime);
    expect(subscriber.topic).toBe(agentTopic(${tsString(ctx.spec.id)}));
    await subscriber.start();
    expect(subscriber.running).toBe(true);
    const envelope = createEnvelope({ packet_type: 'subscriber.check', source_agent: 'generated-test', destination_agent: ${tsString(ctx.spec.id)}, payload: { step: 1 } });
    await runtime.stream.publish(subscriber.topic, envelope);
    await subscriber.handled(1);
${
  ctx.spec.governance.mode === 'supervised'
    ? `    // Supervised: every envelope waits for an anchor before anything acts on it.
    expect(subscriber.stats()).toMatchObject({ escalated: 1, recorded: 0, rejected: 0 });
    expect((await runtime.governance.list({ status: 'paused' })).map((e) => e.decision.packet_id)).toEqual([envelope.packet_id]);`
    : `    expect(subscriber.stats()).toMatchObject({ recorded: 1, rejected: 0 });`
}
    expect(await runtime.memory.episodic.query({ packet_id: envelope.packet_id })).toHaveLength(1);
  });`,
        `  it('drops a message that is not an envelope, recording why', async () => {
    subscriber = ${factory}(runtime);
    await subscriber.start();
    await runtime.stream.publish(subscriber.topic, { packet_id: 'not-an-envelope' });
    await subscriber.handled(1);
    expect(subscriber.stats()).toMatchObject({ recorded: 0, rejected: 1 });
    await subscriber.stop();
    expect(subscriber.running).toBe(false);
  });`,
      ],
    });
  },
};
