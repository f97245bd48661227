import { createTestRuntime, DomainInputError, type AgentRuntime } from '@l9/runtime';
import { blueprint } from '../generated/config';
import { createMaterialCompatibilityChecker } from './material-compatibility-checker';

describe('material-compatibility-checker (domain module of PlastOSAdapter)', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(blueprint);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('answers a JSON object, keeps it in working memory and records an episode', async () => {
    const handler = createMaterialCompatibilityChecker(runtime);
    const result = await handler.handle({ sample: 'value', count: 3 }, { traceId: 'trace-1' });
    expect(result).toMatchObject({ module: 'material-compatibility-checker', accepted: true, received: ['count', 'sample'] });
    expect(await runtime.memory.working.get('material-compatibility-checker:last')).toEqual({ sample: 'value', count: 3 });
    const episodes = await runtime.memory.episodic.query({ kind: 'material-compatibility-checker' });
    expect(episodes.map((e) => e.trace_id)).toEqual(['trace-1']);
  });

  it('refuses input that is not a JSON object', async () => {
    const handler = createMaterialCompatibilityChecker(runtime);
    await expect(handler.handle([1, 2] as never, {})).rejects.toBeInstanceOf(DomainInputError);
    expect(await runtime.memory.episodic.query({ kind: 'material-compatibility-checker' })).toEqual([]);
  });
});
