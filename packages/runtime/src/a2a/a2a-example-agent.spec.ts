import { TaskState, verifyAgentCardSignature, type Task } from '@a2a-js/sdk';
import type { Client } from '@a2a-js/sdk/client';
import type { JWK } from 'jose';
import { createAgent } from '../../../../agents/tensoraios/src/generated/wiring';
import { endpoints } from '../../../../agents/tensoraios/src/generated/contract';
import { issueCallerToken } from '../caller/caller-token';
import { throwawayAnchors } from '../config/throwaway-secrets';
import { signResolution } from '../governance/anchor-resolution';
import { escalationWorkDigest } from '../governance/held-work-digest';
import { compliantSignals } from '../roles/compliant-signals';
import { a2aClient, skillMessage } from './testing/a2a-test-client';

const SECRET = 'tensoraios-example-packet-secret-0123456789';

/** The committed TensorAIOS agent, as generated, with packet auth on, spoken to by the official A2A client. */
describe('the committed TensorAIOS agent as an A2A agent', () => {
  let agent: Awaited<ReturnType<typeof createAgent>>;
  let baseUrl: string;
  let client: Client;
  const anchors = throwawayAnchors(['L9 Executive Architect', 'Igor']);

  beforeAll(async () => {
    agent = await createAgent({ L9_LOG_LEVEL: 'silent', L9_PACKET_SECRET: SECRET, ...anchors.env });
    baseUrl = await agent.listen(0, '127.0.0.1');
    ({ client } = await a2aClient(
      baseUrl,
      await issueCallerToken({ secret: SECRET, caller: 'a2a-example-spec', agent: 'tensoraios' }),
    ));
  });

  afterAll(async () => {
    await agent.close();
  });

  it('serves a card with one skill per declared endpoint, whose signature verifies', async () => {
    const card = (await (await fetch(`${baseUrl}/.well-known/agent-card.json`)).json()) as {
      skills: { id: string }[];
    };
    expect(card.skills.map((skill) => skill.id)).toEqual(endpoints.map((endpoint) => endpoint.name));
    const jwks = (await (await fetch(`${baseUrl}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
    await expect(
      verifyAgentCardSignature(async (kid) => jwks.keys.find((key) => key.kid === kid) as JWK)(card as never),
    ).resolves.toBeUndefined();
  });

  it('runs the domain module the user owns (tensor-scorer) for score_candidates and answers it as the artifact', async () => {
    const calm = compliantSignals(agent.runtime.governance.policy.rules);
    const task = (await client.sendMessage(
      skillMessage({ candidates: 3, ...calm }, 'score_candidates'),
    )) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(task.artifacts[0]?.parts[0]?.content).toEqual({
      $case: 'data',
      value: expect.objectContaining({ module: 'tensor-scorer', accepted: true }),
    });
  });

  it("holds a message that leaves out the signals its rules compare, and an anchor's approval completes it", async () => {
    const held = (await client.sendMessage(skillMessage({ candidates: 4 }, 'score_candidates'))) as Task;
    expect(held.status?.state).toBe(TaskState.TASK_STATE_AUTH_REQUIRED);
    const escalation = (held.status?.message?.parts[1]?.content as { value: { escalation_id: string } }).value
      .escalation_id;
    const record = await agent.runtime.governance.get(escalation);
    const anchor = record.anchors[0]!;
    const resolution = await signResolution(anchors.privateKeys.get(anchor)!, {
      anchor,
      agent: 'tensoraios',
      escalation_id: escalation,
      action: 'approve',
      reason: 'checked',
      work_digest: escalationWorkDigest(record),
    });
    await agent.runtime.governance.approve(escalation, resolution);
    const done = await client.getTask({ id: held.id, tenant: '' });
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(done.artifacts[0]?.parts[0]?.content).toEqual({
      $case: 'data',
      value: expect.objectContaining({ module: 'tensor-scorer' }),
    });
  });
});
