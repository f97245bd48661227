import { join } from 'node:path';
import { bundleAgents, readLockedPlan } from '../../deploy';
import { serviceUrl } from '../../../../runtime/src/testing/service-urls';
import { countBySource } from './matrix-result';
import { runIntegration } from './executor';
import { runMatrix } from './run-matrix';
import type { BackendSet } from './backend-set';

const workspaceRoot = join(__dirname, '..', '..', '..', '..', '..');
const ecosystemRoot = join(workspaceRoot, 'agents', 'tensoraios-ecosystem');
const plan = readLockedPlan(ecosystemRoot);
const agentCount = plan.agents.length;

// What the integration target's dependency on the agents' bundle target leaves in place: the matrix builds none.
beforeAll(async () => {
  await bundleAgents(plan.agents.map((a) => join(workspaceRoot, 'agents', a.id)));
}, 120_000);

/** The committed example ecosystem, every agent its own process: each of the N·(N−1) pairs must pass. */
async function expectFullMatrix(backends: BackendSet, env: NodeJS.ProcessEnv): Promise<void> {
  const run = await runMatrix({
    plan,
    ecosystemRoot,
    workspaceRoot,
    backends,
    env,
    healthTimeoutMs: 60_000,
    streamTimeoutMs: 15_000,
  });
  const failures = run.pairs.flatMap((p) =>
    [p.rest, p.stream, p.escalation, p.a2a, p.lineage].flatMap((leg) =>
      leg.failures.map((f) => `${p.source} → ${p.destination}: ${f}`),
    ),
  );
  expect(failures).toEqual([]);
  expect(run.pairs).toHaveLength(agentCount * (agentCount - 1));
  expect(run.pairs.filter((p) => p.passed)).toHaveLength(20);
  expect(Object.values(countBySource(run.pairs))).toEqual(
    plan.agents.map(() => ({ passed: agentCount - 1, total: agentCount - 1 })),
  );
  expect(run.pairs.every((p) => p.stream.status === (backends === 'embedded' ? 'n/a' : 'pass'))).toBe(true);
  expect(run.pairs.every((p) => p.a2a.status === 'pass')).toBe(true);
}

describe('integration matrix of the example ecosystem', () => {
  it('passes 20/20 pairs on embedded backends', async () => {
    await expectFullMatrix('embedded', { PATH: process.env['PATH'] });
  }, 120_000);

  it('names a missing backend URL in one line instead of starting anything', async () => {
    const errors: string[] = [];
    const ok = await runIntegration(
      ecosystemRoot,
      workspaceRoot,
      { backends: 'redis+postgres' },
      { stdout: () => undefined, stderr: (t) => errors.push(t), env: {} },
    );
    expect(ok).toBe(false);
    expect(errors).toEqual([
      "integration: backends 'redis+postgres' needs L9_REDIS_URL and L9_POSTGRES_URL in the environment\n",
    ]);
  });
});

const redisUrl = serviceUrl('redis');
const postgresUrl = serviceUrl('postgres');
if (redisUrl && postgresUrl) {
  describe('integration matrix of the example ecosystem on Redis + PostgreSQL', () => {
    it('passes 20/20 pairs, the stream leg across processes', async () => {
      await expectFullMatrix('redis+postgres', {
        PATH: process.env['PATH'],
        L9_REDIS_URL: redisUrl,
        L9_POSTGRES_URL: postgresUrl,
      });
    }, 120_000);
  });
}
