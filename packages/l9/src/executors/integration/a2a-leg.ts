import { randomUUID } from 'node:crypto';
import type * as Sdk from '@a2a-js/sdk';
import type * as SdkClient from '@a2a-js/sdk/client';
import { agentBaseUrl } from '../../deploy';
import { plainStatus } from './expectations';
import { fetchRetryingStaleSocket } from './stale-socket-fetch';
import { LegChecks, runLeg, type LegResult } from './leg-checks';
import type { MatrixPeer } from './pair-check';

/*
 * The official A2A SDK loads only when an A2A leg runs: the rest of the plugin (generators, the graph) never
 * needs it.
 */
function sdk(): typeof Sdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@a2a-js/sdk') as typeof Sdk;
}

function sdkClient(): typeof SdkClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@a2a-js/sdk/client') as typeof SdkClient;
}

/** How the SDK's verifier asks for a key. */
type KeyLookup = Parameters<typeof Sdk.verifyAgentCardSignature>[0];

/** The card extension listing each skill's request schema (see the runtime's skill-schemas-extension.ts). */
const SKILL_SCHEMAS_URI = 'urn:l9:a2a:skill-schemas:v1';

interface CardJson {
  skills?: { id: string; tags?: string[] }[];
  capabilities?: {
    extensions?: { uri: string; params?: { skills?: Record<string, { request?: unknown }> } }[];
  };
  signatures?: unknown[];
}

/**
 * The skill the probe asks for: one that takes any object (no request schema, so the probe's calm signals are a
 * valid input), a governed one (`write`, a POST) first so the receiver's governance has its say.
 */
function probeSkill(card: CardJson): { id: string; governed: boolean } | undefined {
  const schemas =
    card.capabilities?.extensions?.find((extension) => extension.uri === SKILL_SCHEMAS_URI)?.params?.skills ??
    {};
  const open = (card.skills ?? []).filter((skill) => schemas[skill.id]?.request === undefined);
  const skill = open.find((candidate) => candidate.tags?.includes('write')) ?? open[0];
  return skill && { id: skill.id, governed: skill.tags?.includes('write') ?? false };
}

function bearerFetch(token: string | undefined): typeof fetch {
  if (token === undefined) return fetchRetryingStaleSocket;
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetchRetryingStaleSocket(input, {
      ...init,
      headers,
      signal: init?.signal ?? AbortSignal.timeout(10_000),
    });
  };
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetchRetryingStaleSocket(url, { signal: AbortSignal.timeout(10_000) });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

/**
 * The receiver's card as fetched verifies with the SDK's `verifyAgentCardSignature`, against the key its JWKS
 * publishes; a `jku` on another origin than the agent's is not followed.
 */
async function cardVerifies(card: CardJson, base: string): Promise<string | undefined> {
  const verify = sdk().verifyAgentCardSignature(async (kid, jku) => {
    if (!jku || new URL(jku).origin !== new URL(base).origin)
      throw new Error(`the card's key URL ${String(jku)} is not on ${base}`);
    const jwks = (await fetchJson(jku)) as { keys?: { kid?: string }[] };
    const key = jwks.keys?.find((candidate) => candidate.kid === kid);
    if (!key) throw new Error(`${jku} has no key ${kid}`);
    return key as Awaited<ReturnType<KeyLookup>>;
  });
  try {
    await verify(card as unknown as Sdk.AgentCard);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function statusText(task: Sdk.Task): string {
  return (task.status?.message?.parts ?? [])
    .flatMap((part) => (part.content?.$case === 'text' ? [part.content.value] : []))
    .join(' ');
}

/**
 * A2A from A to B: the matrix, holding A's caller token for B (subject A), uses the official SDK client. B's
 * card must verify; a message to a skill that takes any object, carrying B's calm signals, must end as B's
 * governance says: held (AUTH_REQUIRED, with a paused escalation for the task) when B is supervised and the
 * skill governed, else COMPLETED with an artifact; get-task must show the same.
 */
export async function a2aLeg(a: MatrixPeer, b: MatrixPeer, token: string | undefined): Promise<LegResult> {
  const base = agentBaseUrl(b.client.agent);
  let card: CardJson;
  try {
    card = (await fetchJson(`${base}/.well-known/agent-card.json`)) as CardJson;
  } catch (error) {
    return {
      status: 'fail',
      failures: [`${b.profile.agent} serves no Agent Card: ${(error as Error).message}`],
    };
  }
  const skill = probeSkill(card);
  if (!skill)
    return LegChecks.notApplicable(
      `every skill of ${b.profile.agent} declares a request schema, so the probe has no input for one`,
    );
  const checks = new LegChecks();
  return runLeg(checks, async () => {
    const unverified = await cardVerifies(card, base);
    checks.expect(unverified === undefined, `${b.profile.agent}'s Agent Card does not verify: ${unverified}`);
    const { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory } =
      sdkClient();
    const fetchImpl = bearerFetch(token);
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl })],
        cardResolver: new DefaultAgentCardResolver({ fetchImpl }),
      }),
    );
    const client = await factory.createFromUrl(base);
    const { SendMessageRequest, TaskState, taskStateToJSON } = sdk();
    const request = SendMessageRequest.fromJSON({
      message: {
        messageId: randomUUID(),
        role: 'ROLE_USER',
        parts: [{ data: { probe: 'a2a', from: a.profile.agent, ...b.profile.governance.calm_signals } }],
        metadata: { skill: skill.id },
      },
    });
    const result = await client.sendMessage(request);
    if (!checks.expect('status' in result, `${b.profile.agent} answered a message, not a task`)) return;
    const task = result as Sdk.Task;
    checks.packetId = `a2a-task:${task.id}`;
    const held = skill.governed && plainStatus(b.profile) === 202;
    const expected = held ? TaskState.TASK_STATE_AUTH_REQUIRED : TaskState.TASK_STATE_COMPLETED;
    const name = (state: Sdk.TaskState | undefined) =>
      state === undefined ? 'without a state' : taskStateToJSON(state);
    checks.expect(
      task.status?.state === expected,
      `${b.profile.agent}'s task for skill ${skill.id} is ${name(task.status?.state)}, expected ${name(expected)} (${b.profile.governance.mode} mode): ${statusText(task)}`,
    );
    const shown = await client.getTask({ id: task.id, tenant: '' });
    checks.expect(
      shown.status?.state === task.status?.state,
      `get-task shows ${name(shown.status?.state)} for task ${task.id}, sent as ${name(task.status?.state)}`,
    );
    if (held) {
      const paused = await b.client.pausedEscalations();
      checks.expect(
        paused.some((escalation) => escalation.decision.packet_id === checks.packetId),
        `${b.profile.agent} lists no paused escalation holding task ${task.id}`,
      );
    } else {
      checks.expect(
        task.artifacts.length > 0,
        `${b.profile.agent}'s completed task ${task.id} has no artifact`,
      );
    }
  });
}
