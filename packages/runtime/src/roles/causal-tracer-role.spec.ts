import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { createEnvelope } from '../envelope/create-envelope';
import { deriveChildEnvelope } from '../envelope/derive-child-envelope';
import { CausalTracerRole, packetNode } from './causal-tracer-role';
import { roleTestBlueprint } from './role-test-support';

describe('CausalTracerRole', () => {
  let runtime: AgentRuntime;
  let tracer: CausalTracerRole;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
    tracer = new CausalTracerRole(runtime);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it("records each packet's parents as its causes and walks back to the root", async () => {
    const root = createEnvelope({
      packet_type: 'match.request',
      source_agent: 'plastos-adapter',
      destination_agent: 'main-agent',
      payload: { buyer: 1 },
    });
    const child = deriveChildEnvelope(root, { payload: { score: 0.7 }, packet_type: 'score' });
    const grandchild = deriveChildEnvelope(child, {
      payload: { decision: 'accept' },
      packet_type: 'decision',
    });
    expect(await tracer.trace(root)).toBeNull();
    expect(await tracer.trace(child)).toEqual(expect.any(String));
    await tracer.trace(grandchild);
    const causes = await tracer.causesOf(grandchild.packet_id);
    expect(causes.ancestors).toEqual([child.packet_id, root.packet_id]);
    expect(causes.roots).toEqual([root.packet_id]);
    expect((await runtime.memory.causal.causesOf(packetNode(child.packet_id)))[0]!.label).toBe('score');
  });

  it('knows nothing about a packet it never traced, and follows the causal tracing flag', async () => {
    const unknown = await tracer.causesOf('00000000-0000-4000-8000-000000000000');
    expect(unknown.ancestors).toEqual([]);
    expect(tracer.enabled).toBe(true);
    const off = await createTestRuntime(roleTestBlueprint(), { L9_ENABLE_CAUSAL_TRACING: 'false' });
    try {
      expect(new CausalTracerRole(off).enabled).toBe(false);
    } finally {
      await off.close();
    }
  });
});
