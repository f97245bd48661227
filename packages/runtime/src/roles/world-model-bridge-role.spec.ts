import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { roleTestBlueprint } from './role-test-support';
import { WorldModelBridgeRole } from './world-model-bridge-role';

describe('WorldModelBridgeRole', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('explains an effect, finds its strongest path and predicts effects of a cause', async () => {
    const world = new WorldModelBridgeRole(runtime);
    await world.observe({ causes: ['rate-cut'], effects: ['demand-up'], weight: 0.9 });
    await world.observe({
      causes: ['demand-up'],
      effects: ['price-up'],
      weight: 0.7,
      evidence: { source: 'q3' },
    });
    await world.observe({ causes: ['shortage'], effects: ['price-up'], weight: 0.5 });
    const explanation = await world.explain('price-up');
    expect(explanation.rootCauses).toEqual(['rate-cut', 'shortage']);
    const path = await world.strongestPath('price-up');
    expect(path?.nodes).toEqual(['rate-cut', 'demand-up', 'price-up']);
    expect(path?.strength).toBeCloseTo(0.63);
    expect((await world.predict('demand-up')).map((h) => h.effects)).toEqual([['price-up']]);
  });

  it('has no path for an effect without causes, stops at its depth, and refuses a bad depth', async () => {
    const shallow = new WorldModelBridgeRole(runtime, { depth: 1 });
    await shallow.observe({ causes: ['a'], effects: ['b'], weight: 1 });
    await shallow.observe({ causes: ['b'], effects: ['c'], weight: 1 });
    expect(await shallow.strongestPath('a')).toBeNull();
    expect((await shallow.explain('c')).steps).toHaveLength(1);
    expect(() => new WorldModelBridgeRole(runtime, { depth: 0 })).toThrow(RangeError);
    await expect(shallow.observe({ causes: [], effects: ['x'], weight: 0.5 })).rejects.toThrow();
  });
});
