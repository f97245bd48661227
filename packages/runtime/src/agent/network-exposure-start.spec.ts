import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throwawayAnchors, throwawaySecrets } from '../config/throwaway-secrets';
import { testAgentBlueprint } from '../testing/test-agent-blueprint';
import { runAgentProcess } from './run-agent-process';
import { serveAgent, type RunningAgent } from './serve-agent';
import { createTestRuntime } from './test-runtime';

const blueprint = testAgentBlueprint({ id: 'exposed-agent', name: 'ExposedAgent', routePrefix: 'exposed' });

describe('an agent configured to listen beyond loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l9-exposed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to be built without its secrets, before any backend opens', async () => {
    // A PostgreSQL URL nobody answers: the refusal comes first, so the start never tries to connect.
    const refused = createTestRuntime(blueprint, {
      L9_HOST: '0.0.0.0',
      L9_POSTGRES_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    await expect(refused).rejects.toThrow(
      /^L9_HOST: 0\.0\.0\.0 is reachable from other machines, so this agent does not start without:\n {2}- L9_PACKET_SECRET/,
    );
  });

  it('starts with every secret and reports itself protected in /status', async () => {
    const agent = serveAgent(
      await createTestRuntime(blueprint, {
        L9_HOST: '0.0.0.0',
        ...throwawaySecrets(),
        ...throwawayAnchors(['Igor'], dir).env,
      }),
      { endpoints: [], modules: {} },
    );
    try {
      const status = (await agent.server.app.inject({ method: 'GET', url: '/exposed/status' })).json();
      expect(status.security).toEqual({
        host: '0.0.0.0',
        loopback: false,
        packet_auth: 'required',
        allow_insecure: false,
        insecure: false,
        missing: [],
      });
    } finally {
      await agent.close();
    }
  });

  it('starts open with L9_ALLOW_INSECURE=true and says so in /status', async () => {
    const agent = serveAgent(
      await createTestRuntime(blueprint, { L9_HOST: '0.0.0.0', L9_ALLOW_INSECURE: 'true' }),
      { endpoints: [], modules: {} },
    );
    try {
      const status = (await agent.server.app.inject({ method: 'GET', url: '/exposed/status' })).json();
      expect(status.security).toMatchObject({
        host: '0.0.0.0',
        loopback: false,
        packet_auth: 'off',
        allow_insecure: true,
        insecure: true,
      });
      expect(status.security.missing.map((m: string) => m.split(' ')[0])).toEqual([
        'L9_PACKET_SECRET',
        'L9_AUDIT_KEY',
        'L9_AUDIT_SIGNING_KEY',
        'L9_ANCHORS_FILE',
      ]);
    } finally {
      await agent.close();
    }
  });

  it('is checked again where it listens: a loopback configuration asked to listen on every interface is refused', async () => {
    const agent = serveAgent(await createTestRuntime(blueprint), { endpoints: [], modules: {} });
    try {
      expect(agent.security()).toMatchObject({ host: '127.0.0.1', loopback: true, insecure: false });
      await expect(agent.listen(0, '0.0.0.0')).rejects.toThrow(
        'L9_HOST: 0.0.0.0 is reachable from other machines',
      );
      expect(agent.server.app.server.listening).toBe(false);
    } finally {
      await agent.close();
    }
  });
});

describe('GET /<prefix>/live', () => {
  it('answers 200 while /health is 503 for a backend that is down', async () => {
    const runtime = await createTestRuntime(blueprint);
    const agent = serveAgent(runtime, { endpoints: [], modules: {} });
    const memory = runtime.backends()['memory']!;
    const health = jest
      .spyOn(memory, 'health')
      .mockResolvedValue({ status: 'down', kind: 'postgres', detail: 'connection refused' } as never);
    try {
      expect((await agent.server.app.inject({ method: 'GET', url: '/exposed/health' })).statusCode).toBe(503);
      const live = await agent.server.app.inject({ method: 'GET', url: '/exposed/live' });
      expect([live.statusCode, live.json()]).toEqual([200, { status: 'alive' }]);
      const calls = health.mock.calls.length;
      await agent.server.app.inject({ method: 'GET', url: '/exposed/live' });
      expect(health.mock.calls.length).toBe(calls);
    } finally {
      health.mockRestore();
      await agent.close();
    }
  });
});

describe('runAgentProcess', () => {
  it('prints one INSECURE line on stderr after listening open on purpose', async () => {
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk) => (written.push(String(chunk)), true));
    const listeners = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
    const report = {
      host: '0.0.0.0',
      loopback: false,
      packetAuth: 'off' as const,
      allowInsecure: true,
      missing: ['L9_PACKET_SECRET (packet auth)'],
      insecure: true,
    };
    const listened = new Promise<void>((resolve) => {
      const fake = {
        listen: async () => (resolve(), 'http://0.0.0.0:8000'),
        security: () => report,
      } as unknown as RunningAgent<object>;
      runAgentProcess('ExposedAgent', async () => fake);
    });
    try {
      await listened;
      await new Promise((resolve) => setImmediate(resolve));
      expect(written).toEqual([
        'ExposedAgent is INSECURE: listening on 0.0.0.0 without L9_PACKET_SECRET because L9_ALLOW_INSECURE=true\n',
      ]);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        for (const listener of process.listeners(signal))
          if (!listeners[signal].includes(listener)) process.off(signal, listener);
    }
  });
});
