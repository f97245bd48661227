import type { Backend } from '../backend-health';
import { fixtureServer, SwitchableBackend, settings, packet } from './__fixtures__/agent-server-fixture';
import { createAgentServer } from './create-agent-server';

describe('GET /<prefix>/status and /<prefix>/health', () => {
  const clock = { now: 1_000_000 };
  const cache = new SwitchableBackend('working-memory');
  const hung: Backend = { health: () => new Promise(() => undefined), close: async () => undefined };
  const server = fixtureServer({
    clock,
    backends: { 'working-memory': cache, 'episodic-log': hung },
    healthTimeoutMs: 20,
  });
  afterAll(() => server.close());

  it('reports identity, uptime, backends and packet counters', async () => {
    clock.now += 42_000;
    const response = await server.app.inject({ method: 'GET', url: '/tensoraios/status' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      agent: { id: 'tensoraios', name: 'TensorAIOS', version: '6.0.0', route_prefix: 'tensoraios' },
      uptime_seconds: 42,
      backends: [
        {
          name: 'episodic-log',
          kind: 'memory',
          status: 'down',
          detail: 'health check did not answer within 20 ms',
        },
        { name: 'working-memory', kind: 'redis', status: 'up' },
      ],
      packets: { accepted: 0, rejected: 0, rejected_by_reason: {}, idempotent_replays: 0 },
    });
  });

  it('is 503 degraded while a backend is down and 200 once all are up, serving throughout', async () => {
    cache.status = 'down';
    const degraded = await server.app.inject({ method: 'GET', url: '/tensoraios/health' });
    expect(degraded.statusCode).toBe(503);
    expect(degraded.json()).toMatchObject({ status: 'degraded', down: ['episodic-log', 'working-memory'] });
    cache.status = 'up';

    const healthy = fixtureServer({ backends: { 'working-memory': cache } });
    const ok = await healthy.app.inject({ method: 'GET', url: '/tensoraios/health' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({
      status: 'ok',
      backends: [{ name: 'working-memory', kind: 'redis', status: 'up' }],
    });
    await healthy.close();
    expect(cache.closed).toBe(true);
  });
});

describe("the schema's healthcheck path", () => {
  it('answers exactly as GET /<prefix>/health does, degraded included', async () => {
    const cache = new SwitchableBackend('working-memory', 'down');
    const server = createAgentServer({
      settings: settings({ auth: { required: false } }),
      identity: {
        id: 'echo',
        name: 'Echo',
        version: '1.0.0',
        routePrefix: 'agent',
        healthPath: '/agent/echo/health',
      },
      backends: { 'working-memory': cache },
    });
    try {
      const declared = await server.app.inject({ method: 'GET', url: '/agent/echo/health' });
      const builtIn = await server.app.inject({ method: 'GET', url: '/agent/health' });
      expect([declared.statusCode, declared.json()]).toEqual([builtIn.statusCode, builtIn.json()]);
      expect(declared.statusCode).toBe(503);
      cache.status = 'up';
      expect((await server.app.inject({ method: 'GET', url: '/agent/echo/health' })).json()).toMatchObject({
        status: 'ok',
      });
    } finally {
      await server.close();
    }
  });
});

describe('GET /metrics', () => {
  it('keeps each agent on its own registry so two agents share a process', async () => {
    const base = { settings: settings({ auth: { required: false } }) } as const;
    const first = createAgentServer({
      ...base,
      identity: { id: 'alpha', name: 'Alpha', version: '1.0.0', routePrefix: 'alpha' },
      backends: { cache: new SwitchableBackend('cache', 'down') },
    });
    const second = createAgentServer({
      ...base,
      identity: { id: 'beta', name: 'Beta', version: '2.0.0', routePrefix: 'beta' },
    });
    try {
      const envelope = packet({ destination_agent: 'alpha' });
      expect(
        (await first.app.inject({ method: 'POST', url: '/alpha/packets', payload: envelope })).statusCode,
      ).toBe(200);
      const alpha = (await first.app.inject({ method: 'GET', url: '/metrics' })).body;
      const beta = (await second.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(alpha).toContain('l9_packets_accepted_total{agent="alpha"} 1');
      expect(alpha).toContain('l9_backend_up{backend="cache",agent="alpha"} 0');
      expect(alpha).toContain(
        'l9_http_request_duration_seconds_count{agent="alpha",method="POST",route="/alpha/packets",status_code="200"} 1',
      );
      expect(alpha).toContain('process_resident_memory_bytes');
      expect(beta).toContain('l9_agent_info{version="2.0.0",agent="beta"} 1');
      expect(beta).toContain('l9_packets_accepted_total{agent="beta"} 0');
      expect(beta).not.toContain('agent="alpha"');
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
