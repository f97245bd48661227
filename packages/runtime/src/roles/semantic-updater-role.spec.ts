import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { roleTestBlueprint } from './role-test-support';
import { SemanticUpdateError, SemanticUpdaterRole } from './semantic-updater-role';

describe('SemanticUpdaterRole', () => {
  let runtime: AgentRuntime;
  let updater: SemanticUpdaterRole;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
    updater = new SemanticUpdaterRole(runtime);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('upserts entities, then relations between them, merging properties', async () => {
    const result = await updater.upsert({
      entities: [
        { id: 'material:pet', labels: ['Material'], props: { grade: 'A' } },
        { id: 'buyer:7', labels: ['Buyer'] },
      ],
      relations: [{ from: 'buyer:7', relation: 'BUYS', to: 'material:pet', props: { tons: 12 } }],
    });
    expect(result).toEqual({ entities: 2, relations: 1 });
    await updater.upsert({ entities: [{ id: 'material:pet', props: { recycled: true } }] });
    expect(await updater.entity('material:pet')).toEqual({
      id: 'material:pet',
      labels: ['Material'],
      props: { grade: 'A', recycled: true },
    });
    expect((await runtime.memory.semantic.neighbors('buyer:7')).map((n) => n.relation)).toEqual(['BUYS']);
  });

  it('refuses an invalid update whole, naming the field', async () => {
    await expect(
      updater.upsert({
        entities: [{ id: 'ok' }],
        relations: [{ from: 'ok', relation: 'has space', to: 'x' }],
      }),
    ).rejects.toThrow(/relations\.0\.relation/);
    await expect(updater.upsert({ nodes: [] })).rejects.toBeInstanceOf(SemanticUpdateError);
    await expect(updater.upsert(null)).rejects.toThrow(/\(root\)/);
    expect(await updater.entity('ok')).toBeNull();
  });
});
