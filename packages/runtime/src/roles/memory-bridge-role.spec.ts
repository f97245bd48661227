import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { MemoryBridgeRole } from './memory-bridge-role';
import { roleTestBlueprint } from './role-test-support';

describe('MemoryBridgeRole', () => {
  let runtime: AgentRuntime;
  let bridge: MemoryBridgeRole;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
    bridge = new MemoryBridgeRole(runtime, {
      declared: { workingmemory: 'redis', episodicmemory: 'postgres' },
    });
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('remembers, recalls and forgets working state', async () => {
    await bridge.remember('batch:1', { size: 3 });
    expect(await bridge.recall('batch:1')).toEqual({ size: 3 });
    expect(await bridge.forget('batch:1')).toBe(true);
    expect(await bridge.recall('batch:1')).toBeNull();
    expect(await bridge.forget('batch:1')).toBe(false);
  });

  it("records the agent's own history, newest first, by kind", async () => {
    await bridge.record('inference', { n: 1 }, { traceId: 't1', packetId: 'p1' });
    await bridge.record('inference', { n: 2 });
    await bridge.record('anomaly', { n: 3 });
    await runtime.memory.episodic.append({ agent: 'someone-else', kind: 'inference', data: { n: 4 } });
    expect((await bridge.history('inference')).map((e) => e.data['n'])).toEqual([2, 1]);
    expect(await bridge.history()).toHaveLength(3);
  });

  it('relates facts and explains causes', async () => {
    await bridge.relate('buyer:1', 'BUYS', 'material:pet', { volume: 10 });
    expect((await bridge.related('buyer:1', 'BUYS')).map((n) => n.node.id)).toEqual(['material:pet']);
    expect(await bridge.related('buyer:1', 'SELLS')).toEqual([]);
    await bridge.observe(['low-stock'], ['price-rise'], 0.8, 'supply');
    expect((await bridge.explain('price-rise')).rootCauses).toEqual(['low-stock']);
  });

  it('refuses a causal link with an impossible weight', async () => {
    await expect(bridge.observe(['a'], ['b'], 2)).rejects.toThrow(/weight/);
  });

  it('reports each layer with its declared and running storage', async () => {
    const layers = await bridge.layers();
    expect(layers.map((l) => l.layer)).toEqual([
      'workingmemory',
      'episodicmemory',
      'semanticmemory',
      'causalmemory',
    ]);
    expect(layers[0]).toEqual({ layer: 'workingmemory', declared: 'redis', running: 'memory', status: 'up' });
    expect(layers[2]!.declared).toBeNull();
  });
});
