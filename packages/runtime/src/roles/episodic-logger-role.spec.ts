import type { AgentRuntime } from '../agent/agent-runtime';
import { createTestRuntime } from '../agent/test-runtime';
import { EpisodicLoggerRole } from './episodic-logger-role';
import { roleTestBlueprint } from './role-test-support';

describe('EpisodicLoggerRole', () => {
  let runtime: AgentRuntime;
  let logger: EpisodicLoggerRole;

  beforeEach(async () => {
    runtime = await createTestRuntime(roleTestBlueprint());
    logger = new EpisodicLoggerRole(runtime, { scope: 'scorer', indexBy: ['domain', 'model_version'] });
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('logs scoped episodes and finds them by kind, trace and indexed field', async () => {
    await logger.log(
      'inference',
      { domain: 'plastos', model_version: 'v1' },
      { traceId: 't1', packetId: 'p1' },
    );
    await logger.log('inference', { domain: 'mortgage', model_version: 'v1' });
    await logger.log('anomaly', { domain: 'plastos', model_version: 'v2' });
    await runtime.memory.episodic.append({
      agent: 'scorer-agent',
      kind: 'packet.score',
      data: { domain: 'plastos' },
    });
    expect((await logger.find()).map((e) => e.kind)).toEqual([
      'scorer.inference',
      'scorer.inference',
      'scorer.anomaly',
    ]);
    expect(await logger.find({ kind: 'inference' })).toHaveLength(2);
    expect((await logger.find({ traceId: 't1' }))[0]!.packet_id).toBe('p1');
    expect((await logger.find({ where: { domain: 'plastos' } })).map((e) => e.kind)).toEqual([
      'scorer.inference',
      'scorer.anomaly',
    ]);
    expect(await logger.find({ where: { domain: 'plastos' }, limit: 1 })).toHaveLength(1);
    expect(logger.indexes).toEqual(['domain', 'model_version']);
  });

  it('refuses a filter on a field the schema does not index, and a bad scope', async () => {
    await expect(logger.find({ where: { buyer: 'x' } })).rejects.toThrow(/indexes domain, model_version/);
    expect(() => new EpisodicLoggerRole(runtime, { scope: 'has space' })).toThrow(RangeError);
    expect(new EpisodicLoggerRole(runtime).indexes).toEqual([]);
  });
});
