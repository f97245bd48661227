import { createPrivateKey } from 'node:crypto';
import { backendEnvironment, backendSets, IntegrationConfigError, newRunIsolation } from './backend-set';
import { runSecrets } from './run-secrets';
import { flagEscalates, plainStatus } from './expectations';
import type { AgentProfile } from './inspection-client';
import { matrixAgents } from './matrix-agents';

const profile = (
  mode: AgentProfile['governance']['mode'],
  flags = ['requires_approval', 'escalate'],
): AgentProfile => ({
  agent: 'b',
  governance: { mode, escalation_flags: flags },
  stream: { topic: 'agent.b', consumer: 'inspection-inbox' },
});

describe('backend sets and the agents environment', () => {
  const urls = { L9_REDIS_URL: 'redis://r:6379', L9_POSTGRES_URL: 'postgres://p/db' };

  it('runs embedded alone unless both service URLs are set, and refuses a Redis run without them', () => {
    expect(backendSets('auto', {})).toEqual(['embedded']);
    expect(backendSets('auto', { L9_REDIS_URL: 'redis://r:6379' })).toEqual(['embedded']);
    expect(backendSets('auto', urls)).toEqual(['embedded', 'redis+postgres']);
    expect(backendSets('embedded', urls)).toEqual(['embedded']);
    expect(() => backendSets('both', {})).toThrow(IntegrationConfigError);
    expect(() => backendSets('redis+postgres', { L9_REDIS_URL: 'redis://r:6379' })).toThrow(
      /L9_POSTGRES_URL/,
    );
  });

  it('clears every backend selection for the embedded set, whatever the caller had', () => {
    const env = backendEnvironment(
      'embedded',
      { ...urls, L9_NEO4J_URL: 'bolt://n', L9_AUDIT_FILE: '/tmp/a', L9_PEER_X_URL: 'http://x', PATH: '/bin' },
      { L9_PACKET_SECRET: 's3cret' },
      newRunIsolation(() => 'ab12'),
    );
    expect(env).toMatchObject({ PATH: '/bin', L9_PACKET_SECRET: 's3cret', L9_ENABLE_INSPECTION: 'true' });
    for (const name of [
      'L9_REDIS_URL',
      'L9_POSTGRES_URL',
      'L9_NEO4J_URL',
      'L9_AUDIT_FILE',
      'L9_PEER_X_URL',
      'L9_PG_SCHEMA_PREFIX',
      'L9_STREAM_PREFIX',
    ])
      expect(env[name]).toBeUndefined();
  });

  it('gives the Redis + PostgreSQL set the URLs and the run’s own schemas and stream keys', () => {
    const secrets = runSecrets();
    const env = backendEnvironment(
      'redis+postgres',
      {
        ...urls,
        L9_NEO4J_URL: 'bolt://n',
        L9_AUDIT_KEY: 'the caller’s',
        L9_AUDIT_SIGNING_KEY_FILE: '/keys/prod.pem',
      },
      secrets,
      newRunIsolation(() => 'ab12'),
    );
    expect(env).toMatchObject({
      ...urls,
      ...secrets,
      L9_PG_SCHEMA_PREFIX: 'l9it_ab12',
      L9_STREAM_PREFIX: 'l9it:ab12:stream:',
    });
    expect(env['L9_AUDIT_SIGNING_KEY_FILE']).toBeUndefined();
    // What a persisted audit log requires: its own HMAC key, not the packet secret, and an Ed25519 key.
    expect(secrets['L9_AUDIT_KEY']).not.toBe(secrets['L9_PACKET_SECRET']);
    expect(createPrivateKey(secrets['L9_AUDIT_SIGNING_KEY']!).asymmetricKeyType).toBe('ed25519');
    expect(env['L9_NEO4J_URL']).toBeUndefined();
  });

  it('tells every agent about every other one, each on its own port', () => {
    const plan = {
      agents: [
        { id: 'a', name: 'A', route_prefix: 'pa', wave: 0 },
        { id: 'b', name: 'B', route_prefix: 'pb', wave: 1 },
        { id: 'c', name: 'C', route_prefix: 'pc', wave: 1 },
      ],
    };
    const agents = matrixAgents(plan as never, '/ws/agents', [101, 102, 103]);
    expect(agents.map((a) => [a.id, a.port, a.peers, a.projectRoot])).toEqual([
      ['a', 101, ['b', 'c'], '/ws/agents/a'],
      ['b', 102, ['a', 'c'], '/ws/agents/b'],
      ['c', 103, ['a', 'b'], '/ws/agents/c'],
    ]);
    expect(() => matrixAgents(plan as never, '/ws/agents', [101])).toThrow(/3 agents need as many ports/);
  });
});

describe('governance expectations', () => {
  it('expects an answer from hybrid and autonomous agents and an escalation from supervised ones', () => {
    expect([
      plainStatus(profile('hybrid')),
      plainStatus(profile('autonomous')),
      plainStatus(profile('supervised')),
    ]).toEqual([200, 200, 202]);
  });

  it('expects requires_approval to escalate unless the agent is autonomous or does not list the flag', () => {
    expect(flagEscalates(profile('hybrid'))).toBe(true);
    expect(flagEscalates(profile('supervised', []))).toBe(true);
    expect(flagEscalates(profile('autonomous'))).toBe(false);
    expect(flagEscalates(profile('hybrid', ['escalate']))).toBe(false);
  });
});
