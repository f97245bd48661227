import { createTestRuntime, DomainInputError, type AgentRuntime } from '@l9/runtime';
import { blueprint } from '../generated/config';
import { createBiasDetector } from './bias-detector';

describe('bias-detector (domain module of TensorAuditor)', () => {
  let runtime: AgentRuntime;

  beforeEach(async () => {
    runtime = await createTestRuntime(blueprint);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('answers a JSON object, keeps it in working memory and records an episode', async () => {
    const handler = createBiasDetector(runtime);
    const result = await handler.handle({ sample: 'value', count: 3 }, { traceId: 'trace-1' });
    expect(result).toMatchObject({ module: 'bias-detector', accepted: true, received: ['count', 'sample'] });
    expect(await runtime.memory.working.get('bias-detector:last')).toEqual({ sample: 'value', count: 3 });
    const episodes = await runtime.memory.episodic.query({ kind: 'bias-detector' });
    expect(episodes.map((e) => e.trace_id)).toEqual(['trace-1']);
  });

  it('refuses input that is not a JSON object', async () => {
    const handler = createBiasDetector(runtime);
    await expect(handler.handle([1, 2] as never, {})).rejects.toBeInstanceOf(DomainInputError);
    expect(await runtime.memory.episodic.query({ kind: 'bias-detector' })).toEqual([]);
  });
});
