import { testAgentBlueprint } from '../testing/test-agent-blueprint';
import { AGENT_HOST_FORMAT, hostedAgents, HostRequestError, type HostMember } from './agent-host-entry';
import {
  HostStartError,
  hostedEnvironment,
  startAgentsInOneProcess,
  type HostedAgent,
} from './agents-in-one-process';
import { serveAgent } from './serve-agent';
import { createTestRuntime } from './test-runtime';

/** A member whose createAgent records the env map it was handed. */
function member(
  id: string,
  routePrefix: string,
  seen: Map<string, NodeJS.ProcessEnv>,
  fail?: string,
): HostedAgent['create'] {
  return async (env) => {
    seen.set(id, env);
    if (fail) throw new Error(fail);
    return serveAgent(await createTestRuntime(testAgentBlueprint({ id, routePrefix }), env), {
      endpoints: [],
      modules: {},
    });
  };
}

const quiet = () => {
  const lines: string[] = [];
  return {
    lines,
    output: { stdout: (t: string) => void lines.push(t), stderr: (t: string) => void lines.push(t) },
  };
};

describe('several agents in one process', () => {
  it('builds each agent from its own env map and serves each on its own port under its own identity', async () => {
    const seen = new Map<string, NodeJS.ProcessEnv>();
    const { lines, output } = quiet();
    const host = await startAgentsInOneProcess(
      [
        {
          name: 'Alpha',
          create: member('alpha', 'alpha', seen),
          env: { L9_PORT: '0', L9_PACKET_SECRET: 'a'.repeat(64) },
        },
        {
          name: 'Beta',
          create: member('beta', 'beta', seen),
          env: { L9_PORT: '0', L9_RATE_LIMIT_PER_SECOND: '7' },
        },
      ],
      output,
    );
    try {
      expect(host!.agents.map((a) => a.name)).toEqual(['Alpha', 'Beta']);
      expect(seen.get('alpha')).toEqual({ L9_PORT: '0', L9_PACKET_SECRET: 'a'.repeat(64) });
      expect(seen.get('beta')).toEqual({ L9_PORT: '0', L9_RATE_LIMIT_PER_SECOND: '7' });
      const [alpha, beta] = host!.agents;
      expect(alpha!.url).not.toBe(beta!.url);
      const status = async (url: string, prefix: string) =>
        ((await (await fetch(`${url}/${prefix}/status`)).json()) as { agent: { id: string } }).agent.id;
      expect(await status(alpha!.url, 'alpha')).toBe('alpha');
      expect(await status(beta!.url, 'beta')).toBe('beta');
      expect((await fetch(`${alpha!.url}/beta/status`)).status).toBe(404);
      expect(lines).toEqual([`Alpha listening on ${alpha!.url}\n`, `Beta listening on ${beta!.url}\n`]);
    } finally {
      await host!.close();
    }
    expect(host!.agents.map((a) => a.agent.server.app.server.listening)).toEqual([false, false]);
  });

  it('stops the agents already started when one fails to start, and names the one that failed', async () => {
    const seen = new Map<string, NodeJS.ProcessEnv>();
    const { output } = quiet();
    const first: HostedAgent = {
      name: 'Alpha',
      create: member('alpha', 'alpha', seen),
      env: { L9_PORT: '0' },
    };
    let started: Awaited<ReturnType<HostedAgent['create']>> | undefined;
    const watched: HostedAgent = { ...first, create: async (env) => (started = await first.create(env)) };
    const error = await startAgentsInOneProcess(
      [
        watched,
        { name: 'Broken', create: member('broken', 'broken', seen, 'cannot open the model store'), env: {} },
        { name: 'Never', create: member('never', 'never', seen), env: {} },
      ],
      output,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostStartError);
    expect((error as Error).message).toBe(
      'Broken failed to start: cannot open the model store; stopped Alpha',
    );
    expect(started!.server.app.server.listening).toBe(false);
    expect(seen.has('never')).toBe(false);
  });

  it('closes what it started and starts no more when a stop is asked for during the start', async () => {
    const seen = new Map<string, NodeJS.ProcessEnv>();
    let asked = false;
    const first: HostedAgent = {
      name: 'Alpha',
      create: member('alpha', 'alpha', seen),
      env: { L9_PORT: '0' },
    };
    let started: Awaited<ReturnType<HostedAgent['create']>> | undefined;
    const host = await startAgentsInOneProcess(
      [
        { ...first, create: async (env) => ((asked = true), (started = await first.create(env))) },
        { name: 'Beta', create: member('beta', 'beta', seen), env: { L9_PORT: '0' } },
      ],
      quiet().output,
      () => asked,
    );
    expect(host).toBeUndefined();
    expect(started!.server.app.server.listening).toBe(false);
    expect(seen.has('beta')).toBe(false);
  });

  it("resolves an agent's relative L9_*_FILE paths in its own project, as its own process would have", () => {
    expect(
      hostedEnvironment(
        { L9_AUDIT_FILE: 'audit.log', L9_ANCHORS_FILE: '/abs/anchors.json', OTHER_FILE: 'x', L9_PORT: '1' },
        '/work/agents/alpha',
      ),
    ).toEqual({
      L9_AUDIT_FILE: '/work/agents/alpha/audit.log',
      L9_ANCHORS_FILE: '/abs/anchors.json',
      OTHER_FILE: 'x',
      L9_PORT: '1',
    });
    expect(hostedEnvironment({ L9_AUDIT_FILE: 'audit.log' }, undefined)).toEqual({
      L9_AUDIT_FILE: 'audit.log',
    });
  });
});

describe("the host entry's request on stdin", () => {
  const create: HostedAgent['create'] = () => Promise.reject(new Error('not started here'));
  const members: HostMember[] = [
    { id: 'alpha', name: 'Alpha', create },
    { id: 'beta', name: 'Beta', create },
  ];

  it('runs the members it names, in its order, each with its env and project folder', () => {
    const agents = hostedAgents(
      members,
      JSON.stringify({
        format: AGENT_HOST_FORMAT,
        agents: [
          { id: 'beta', env: { L9_PORT: '2' }, root: '/p/beta' },
          { id: 'alpha', env: { L9_PORT: '1' } },
        ],
      }),
    );
    expect(agents.map(({ name, env, root }) => ({ name, env, root }))).toEqual([
      { name: 'Beta', env: { L9_PORT: '2' }, root: '/p/beta' },
      { name: 'Alpha', env: { L9_PORT: '1' }, root: undefined },
    ]);
  });

  it.each([
    ['not json', /^the agents to run are not JSON/],
    [JSON.stringify({ format: 'other', agents: [] }), /^the agents to run: format: /],
    [JSON.stringify({ format: AGENT_HOST_FORMAT, agents: [] }), /^the agents to run: agents: /],
    [
      JSON.stringify({ format: AGENT_HOST_FORMAT, agents: [{ id: 'alpha', env: { L9_PORT: 1 } }] }),
      /^the agents to run: agents\.0\.env\.L9_PORT: /,
    ],
    [
      JSON.stringify({ format: AGENT_HOST_FORMAT, agents: [{ id: 'gamma', env: {} }] }),
      /^the agents to run: no member 'gamma' in this host \(members: alpha, beta\)$/,
    ],
    [
      JSON.stringify({
        format: AGENT_HOST_FORMAT,
        agents: [
          { id: 'alpha', env: {} },
          { id: 'alpha', env: {} },
        ],
      }),
      /^the agents to run: 'alpha' is listed twice$/,
    ],
  ])('refuses %s whole, saying where', (text, message) => {
    expect(() => hostedAgents(members, text)).toThrow(HostRequestError);
    expect(() => hostedAgents(members, text)).toThrow(message);
  });
});
