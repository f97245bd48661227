import { createTestRuntime, DomainInputError, type AgentRuntime } from '@l9/runtime';
import { blueprint } from '../generated/config';
import { createEmbeddingGenerator } from './embedding-generator';

describe('embedding-generator (domain module of TensorAIOS)', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(blueprint);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('answers a JSON object, keeps it in working memory and records an episode', async () => {
    const handler = createEmbeddingGenerator(runtime);
    const result = await handler.handle({ sample: 'value', count: 3 }, { traceId: 'trace-1' });
    expect(result).toMatchObject({ module: 'embedding-generator', accepted: true, received: ['count', 'sample'] });
    expect(await runtime.memory.working.get('embedding-generator:last')).toEqual({ sample: 'value', count: 3 });
    const episodes = await runtime.memory.episodic.query({ kind: 'embedding-generator' });
    expect(episodes.map((e) => e.trace_id)).toEqual(['trace-1']);
  });

  it('refuses input that is not a JSON object', async () => {
    const handler = createEmbeddingGenerator(runtime);
    await expect(handler.handle([1, 2] as never, {})).rejects.toBeInstanceOf(DomainInputError);
    expect(await runtime.memory.episodic.query({ kind: 'embedding-generator' })).toEqual([]);
  });
});
