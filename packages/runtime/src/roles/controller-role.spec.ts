import type { AgentRuntime } from '../agent/agent-runtime';
import { DomainInputError } from '../agent/operation-registry';
import { createTestRuntime } from '../agent/test-runtime';
import { ControllerRole } from './controller-role';
import { CALM_SIGNALS, roleTestBlueprint } from './role-test-support';

describe('ControllerRole', () => {
  let runtime: AgentRuntime;
  let controller: ControllerRole;
  let calls: number;

  beforeEach(async () => {
    calls = 0;
    runtime = await createTestRuntime(roleTestBlueprint());
    runtime.operations.register({
      name: 'score',
      async handle(input) {
        calls += 1;
        if (typeof input['value'] !== 'number') throw new DomainInputError('value must be a number');
        return { score: input['value'] + 1 };
      },
    });
    controller = new ControllerRole(runtime);
  });

  afterEach(async () => {
    await runtime.close();
  });

  it('runs an allowed operation and records the outcome', async () => {
    const outcome = await controller.handle(
      'score',
      { value: 1, ...CALM_SIGNALS },
      { traceId: 'f'.repeat(32) },
    );
    expect(outcome).toMatchObject({ status: 'completed', operation: 'score', result: { score: 2 } });
    const [episode] = await runtime.memory.episodic.query({ kind: 'controller.completed' });
    expect(episode).toMatchObject({
      id: outcome.episode_id,
      trace_id: 'f'.repeat(32),
      data: { operation: 'score', result: { score: 2 } },
    });
    expect(controller.operations()).toEqual(['score']);
  });

  it('holds an operation governance escalates and does not run it', async () => {
    const outcome = await controller.handle(
      'score',
      { value: 1, signals: { ...CALM_SIGNALS, anomaly_score: 0.99 } },
      { packetId: 'p-1' },
    );
    expect(outcome.status).toBe('escalated');
    if (outcome.status !== 'escalated') return;
    expect(outcome.escalation.anchors).toEqual(['Chief Architect', 'Oversight Committee']);
    expect(calls).toBe(0);
    const flagged = await controller.handle('score', { value: 1 }, { governanceFlags: ['escalate'] });
    expect(flagged.status).toBe('escalated');
  });

  it('refuses an unknown operation and records a failed one', async () => {
    await expect(controller.handle('train', {})).rejects.toThrow(
      /no operation 'train'; ScorerAgent has score/,
    );
    await expect(controller.handle('score', { value: 'x', ...CALM_SIGNALS })).rejects.toBeInstanceOf(
      DomainInputError,
    );
    expect(await runtime.memory.episodic.query({ kind: 'controller.failed' })).toHaveLength(1);
  });
});
