import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Pool } from 'pg';
import { createAgentRuntime, postgresSchemas } from '../agent/create-agent-runtime';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { faultBlueprint } from '../agent/testing/fault-agent';
import { createEnvelope } from '../envelope/create-envelope';
import type { JsonObject, PacketEnvelope } from '../envelope/envelope-schema';
import { signEnvelope } from '../envelope/sign-envelope';
import { PrivateRedisServer } from '../memory/testing/private-redis-server';
import { TcpProxy } from '../memory/testing/tcp-proxy';
import { serviceProgram, serviceUrl } from '../testing/service-urls';
import { MAX_CLOCK_SKEW_MS } from './packet-pipeline';
import { AuditFileReplayGuard } from './replay-audit-file-guard';
import { PostgresReplayGuard } from './replay-postgres-guard';

const SECRET = `replay-test-secret-${randomBytes(8).toString('hex')}`;
const WINDOW_SECONDS = 300;
const TTL_MS = WINDOW_SECONDS * 1000 + MAX_CLOCK_SKEW_MS;

/**
 * An agent with packet auth on whose packet module counts what it handles and fails the packets it is told to
 * (500), so each test can see whether a packet ran, and how often, across "restarts" (a new runtime and server
 * on the same store).
 */
class ReplayTestAgent {
  static readonly handled: string[] = [];
  static readonly failing = new Set<string>();

  private constructor(readonly agent: RunningAgent) {}

  static async start(id: string, routePrefix: string, env: NodeJS.ProcessEnv): Promise<ReplayTestAgent> {
    const runtime = await createAgentRuntime(faultBlueprint(id, routePrefix), {
      L9_PACKET_SECRET: SECRET,
      L9_REPLAY_WINDOW_SECONDS: String(WINDOW_SECONDS),
      L9_LOG_LEVEL: 'silent',
      ...env,
    });
    const packets = {
      async handlePacket(envelope: PacketEnvelope) {
        ReplayTestAgent.handled.push(envelope.packet_id);
        if (ReplayTestAgent.failing.has(envelope.packet_id)) throw new Error('the model crashed');
        return { payload: { handled: envelope.packet_id } };
      },
    };
    return new ReplayTestAgent(serveAgent(runtime, { endpoints: [], modules: { packets } }));
  }

  static timesHandled(envelope: PacketEnvelope): number {
    return ReplayTestAgent.handled.filter((id) => id === envelope.packet_id).length;
  }

  packet(payload: JsonObject = { query: 'rank these' }, packetId?: string): PacketEnvelope {
    const envelope = createEnvelope({
      packet_type: 'score.request',
      source_agent: 'replay-tester',
      destination_agent: this.agent.runtime.identity.id,
      payload,
      ...(packetId ? { packet_id: packetId } : {}),
    });
    return signEnvelope(envelope, SECRET);
  }

  send(envelope: PacketEnvelope) {
    return this.agent.server.app.inject({
      method: 'POST',
      url: `/${this.agent.runtime.identity.routePrefix}/packets`,
      payload: envelope,
    });
  }

  async replayGuardHealth(): Promise<{
    statusCode: number;
    guard: { kind: string; status: string } | undefined;
  }> {
    const response = await this.agent.server.app.inject({
      method: 'GET',
      url: `/${this.agent.runtime.identity.routePrefix}/health`,
    });
    const body = response.json() as { backends: Array<{ name: string; kind: string; status: string }> };
    return {
      statusCode: response.statusCode,
      guard: body.backends.find((backend) => backend.name === 'replay-guard'),
    };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/**
 * What every durable store must do, run against a store by `env`: a restart (a new agent on the same store) does
 * not let a packet in again, a retry still gets the first answer, and a failed packet stays sendable.
 */
function replayContract(
  kind: string,
  setup: () => { id: string; routePrefix: string; env: NodeJS.ProcessEnv },
) {
  const open: ReplayTestAgent[] = [];
  const start = async () => {
    const { id, routePrefix, env } = setup();
    const agent = await ReplayTestAgent.start(id, routePrefix, env);
    open.push(agent);
    return agent;
  };
  const restart = async (agent: ReplayTestAgent) => {
    await agent.close();
    open.splice(open.indexOf(agent), 1);
    return start();
  };

  afterEach(async () => {
    await Promise.all(open.splice(0).map((agent) => agent.close()));
  });

  it(`refuses a packet replayed after a restart (${kind})`, async () => {
    const first = await start();
    expect(await first.replayGuardHealth()).toMatchObject({ statusCode: 200, guard: { kind, status: 'up' } });
    const envelope = first.packet();
    expect((await first.send(envelope)).statusCode).toBe(200);
    const retry = await first.send(envelope);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replay']).toBe('true');

    const second = await restart(first);
    const replayed = await second.send(envelope);
    expect(replayed.statusCode).toBe(409);
    expect(replayed.json()).toMatchObject({ error: 'replay_refused', packet_id: envelope.packet_id });
    // The same id re-signed over other content by a peer holding the secret: a conflict, not a new packet.
    const reused = await second.send(second.packet({ query: 'something else' }, envelope.packet_id));
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: 'replay_conflict', packet_id: envelope.packet_id });
    expect(ReplayTestAgent.timesHandled(envelope)).toBe(1);
    // New work is served as usual.
    expect((await second.send(second.packet())).statusCode).toBe(200);
  });

  it(`lets a packet that failed be sent again, also after a restart (${kind})`, async () => {
    const first = await start();
    const envelope = first.packet({ query: 'fails at first' });
    ReplayTestAgent.failing.add(envelope.packet_id);
    expect((await first.send(envelope)).statusCode).toBe(500);
    expect((await first.send(envelope)).statusCode).toBe(500);
    const second = await restart(first);
    ReplayTestAgent.failing.delete(envelope.packet_id);
    expect((await second.send(envelope)).statusCode).toBe(200);
    expect(ReplayTestAgent.timesHandled(envelope)).toBe(3);
    const third = await restart(second);
    expect((await third.send(envelope)).json()).toMatchObject({ error: 'replay_refused' });
  });
}

const redisUrl = serviceUrl('redis');
if (redisUrl) {
  describe('replay protection on Redis', () => {
    const streamPrefix = `l9test:${randomBytes(5).toString('hex')}:stream:`;
    const routePrefix = `replay${randomBytes(3).toString('hex')}`;
    const env = { L9_REDIS_URL: redisUrl, L9_STREAM_PREFIX: streamPrefix };
    let inspector: IORedis;

    beforeAll(() => {
      inspector = new IORedis(redisUrl);
    });
    afterAll(async () => {
      for (const pattern of [`${streamPrefix}*`, `${routePrefix}:*`]) {
        const keys = await inspector.keys(pattern);
        if (keys.length > 0) await inspector.del(...keys);
      }
      await inspector.quit();
    });

    replayContract('redis', () => ({ id: 'replay-redis-agent', routePrefix, env }));

    it('claims each packet id under the stream prefix, expiring with the replay window', async () => {
      const agent = await ReplayTestAgent.start('replay-redis-agent', routePrefix, env);
      try {
        const envelope = agent.packet();
        expect((await agent.send(envelope)).statusCode).toBe(200);
        const key = `${streamPrefix}#replay:replay-redis-agent:${envelope.packet_id}`;
        expect((await inspector.get(key))?.startsWith(`${envelope.content_hash} `)).toBe(true);
        const ttl = await inspector.pttl(key);
        expect(ttl).toBeGreaterThan(WINDOW_SECONDS * 1000);
        expect(ttl).toBeLessThanOrEqual(TTL_MS);
      } finally {
        await agent.close();
      }
    });
  });
}

const redisServerBinary = serviceProgram('redis-server');
if (redisServerBinary) {
  describe('replay protection when its Redis goes away', () => {
    let server: PrivateRedisServer;
    let agent: ReplayTestAgent;

    beforeAll(async () => {
      server = await PrivateRedisServer.start({ binary: redisServerBinary });
      agent = await ReplayTestAgent.start('replay-redis-outage', 'replayoutage', {
        L9_REDIS_URL: server.url,
      });
    });
    afterAll(async () => {
      await server.restart().catch(() => undefined);
      await agent?.close();
      await server?.dispose();
    });

    it('answers 503 instead of accepting unchecked packets, and reports the guard down', async () => {
      expect((await agent.send(agent.packet())).statusCode).toBe(200);
      await server.kill();
      const envelope = agent.packet();
      const refused = await agent.send(envelope);
      expect(refused.statusCode).toBe(503);
      expect(refused.json()).toMatchObject({
        error: 'backend_unavailable',
        message: expect.stringContaining('replay guard (redis) is unavailable'),
      });
      expect(ReplayTestAgent.timesHandled(envelope)).toBe(0);
      expect(await agent.replayGuardHealth()).toMatchObject({
        statusCode: 503,
        guard: { kind: 'redis', status: 'down' },
      });
    });
  });
}

const postgresUrl = serviceUrl('postgres');
if (postgresUrl) {
  describe('replay protection on PostgreSQL', () => {
    const suffix = randomBytes(5).toString('hex');
    const env = {
      L9_POSTGRES_URL: postgresUrl,
      L9_PG_SCHEMA_PREFIX: `l9_replay_${suffix}`,
      ...persistedAuditKeys(),
    };
    const schemas = postgresSchemas(env);
    const admin = new Pool({ connectionString: postgresUrl, max: 1 });

    afterAll(async () => {
      for (const schema of Object.values(schemas))
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    replayContract('postgres', () => ({ id: 'replay-pg-agent', routePrefix: 'replaypg', env }));

    it('keeps claims in the governance schema, takes over an expired claim and prunes expired rows', async () => {
      const clock = { now: Date.now() };
      const guard = new PostgresReplayGuard({
        pool: admin,
        schema: schemas.governance,
        agentId: 'replay-pg-unit',
        now: () => clock.now,
      });
      const table = `"${schemas.governance}"."replay_claims_replay_pg_unit"`;
      expect(await guard.claim('p-1', 'a'.repeat(64), 1_000)).toMatchObject({ status: 'claimed' });
      expect(await guard.claim('p-1', 'a'.repeat(64), 1_000)).toEqual({ status: 'seen' });
      expect(await guard.claim('p-1', 'b'.repeat(64), 1_000)).toEqual({ status: 'conflict' });
      expect(await guard.claim('p-2', 'a'.repeat(64), 1_000)).toMatchObject({ status: 'claimed' });
      clock.now += 1_000;
      expect(await guard.claim('p-1', 'b'.repeat(64), 1_000)).toMatchObject({ status: 'claimed' });
      const { rows } = await admin.query(`SELECT packet_id, content_hash FROM ${table} ORDER BY packet_id`);
      expect(rows).toEqual([
        { packet_id: 'p-1', content_hash: 'b'.repeat(64) },
        { packet_id: 'p-2', content_hash: 'a'.repeat(64) },
      ]);
      expect(await guard.prune()).toBe(1);
      expect((await admin.query(`SELECT packet_id FROM ${table}`)).rows).toEqual([{ packet_id: 'p-1' }]);
      await guard.close();
    });

    it('answers 503 while the database is unreachable, then serves the packet', async () => {
      const target = new URL(postgresUrl);
      const proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
      const throughProxy = new URL(postgresUrl);
      throughProxy.hostname = '127.0.0.1';
      throughProxy.port = String(proxy.port);
      const agent = await ReplayTestAgent.start('replay-pg-outage', 'replaypgoutage', {
        ...env,
        L9_POSTGRES_URL: throughProxy.toString(),
      });
      try {
        await proxy.interrupt();
        const envelope = agent.packet();
        const refused = await agent.send(envelope);
        expect(refused.statusCode).toBe(503);
        expect(refused.json()).toMatchObject({
          error: 'backend_unavailable',
          message: expect.stringContaining('replay guard (postgres) is unavailable'),
        });
        expect(ReplayTestAgent.timesHandled(envelope)).toBe(0);
        await proxy.resume();
        expect((await agent.send(envelope)).statusCode).toBe(200);
        expect(ReplayTestAgent.timesHandled(envelope)).toBe(1);
      } finally {
        await proxy.resume();
        await agent.close();
        await proxy.interrupt();
      }
    });
  });
}

describe('replay protection on an audit file', () => {
  let dir: string;
  const keys = persistedAuditKeys();
  const env = () => ({ L9_AUDIT_FILE: join(dir, 'audit.jsonl'), ...keys });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'l9-replay-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  replayContract('file', () => ({ id: 'replay-file-agent', routePrefix: 'replayfile', env: env() }));

  it('reloads the packet ids of the window, minus those whose failure released them', async () => {
    const path = join(dir, 'reload.jsonl');
    const agent = await ReplayTestAgent.start('replay-reload-agent', 'replayreload', {
      ...env(),
      L9_AUDIT_FILE: path,
    });
    const processed = agent.packet({ query: 'processed' });
    const failed = agent.packet({ query: 'failed' });
    ReplayTestAgent.failing.add(failed.packet_id);
    try {
      expect((await agent.send(processed)).statusCode).toBe(200);
      expect((await agent.send(failed)).statusCode).toBe(500);
    } finally {
      await agent.close();
    }
    const load = (now: number) =>
      AuditFileReplayGuard.load({
        path,
        agentId: 'replay-reload-agent',
        ttlMs: TTL_MS,
        audit: { append: () => Promise.reject(new Error('read only')) },
        now: () => now,
      });
    const guard = await load(Date.now());
    expect(guard.size).toBe(1);
    expect(await guard.claim(processed.packet_id, processed.content_hash)).toEqual({ status: 'seen' });
    expect(await guard.claim(processed.packet_id, failed.content_hash)).toEqual({ status: 'conflict' });
    expect(await guard.claim(failed.packet_id, failed.content_hash)).toMatchObject({ status: 'claimed' });
    // Past the window nothing is held: the timestamp check refuses those packets instead.
    expect((await load(Date.now() + TTL_MS + 60_000)).size).toBe(0);
  });

  it('refuses a packet of this run that the replay cache had to drop', async () => {
    const agent = await ReplayTestAgent.start('replay-evict-agent', 'replayevict', {
      ...env(),
      L9_AUDIT_FILE: join(dir, 'evict.jsonl'),
      L9_REPLAY_CACHE_SIZE: '2',
    });
    try {
      const sent = [agent.packet(), agent.packet(), agent.packet(), agent.packet()];
      for (const envelope of sent) expect((await agent.send(envelope)).statusCode).toBe(200);
      const replayed = await agent.send(sent[0]!);
      expect(replayed.statusCode).toBe(409);
      expect(replayed.json()).toMatchObject({ error: 'replay_refused', packet_id: sent[0]!.packet_id });
      expect(ReplayTestAgent.timesHandled(sent[0]!)).toBe(1);
      // A failed packet of this run stays sendable once the cache dropped it.
      const failed = agent.packet({ query: 'fails once' });
      ReplayTestAgent.failing.add(failed.packet_id);
      expect((await agent.send(failed)).statusCode).toBe(500);
      ReplayTestAgent.failing.delete(failed.packet_id);
      for (let i = 0; i < 3; i += 1) expect((await agent.send(agent.packet())).statusCode).toBe(200);
      expect((await agent.send(failed)).statusCode).toBe(200);
    } finally {
      await agent.close();
    }
  });
});

/** The keys a persisted audit log (PostgreSQL or a file) needs: its own HMAC key and an Ed25519 signing key. */
function persistedAuditKeys(): NodeJS.ProcessEnv {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    L9_AUDIT_KEY: randomBytes(32).toString('hex'),
    L9_AUDIT_SIGNING_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
