import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvelope } from '../envelope/create-envelope';
import type { AgentBlueprint } from '../agent/agent-blueprint';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import type { CliIo } from './cli-command';
import { CLI_COMMANDS } from './cli-commands';
import { runCli } from './run-cli';

function capture(cwd: string): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, cwd, out: () => out.join(''), err: () => err.join('') };
}

const blueprint: AgentBlueprint = {
  identity: { id: 'scorer-agent', name: 'ScorerAgent', version: '1.0.0', routePrefix: 'scorer' },
  port: 0,
  governance: { anchors: ['Igor', 'Oversight Committee'], mode: 'supervised', humanoverride: true },
  memory: { keyspace: 'scorer:working:*', ttl: '1hr', retention: '90 days' },
  auditScope: ['inference_calls'],
  featureFlags: { L9_ENABLE_AUDIT_LOG: true },
  peers: [],
};

describe('l9-runtime anchor', () => {
  let dir: string;
  const run = async (args: string[]) => {
    const io = capture(dir);
    const code = await runCli(['anchor', ...args], CLI_COMMANDS, io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'l9-anchor-cli-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keygen adds the public key to the anchors file and writes the private key 0600, once', async () => {
    writeFileSync(join(dir, 'anchors.jwks.json'), JSON.stringify({ $comment: 'kept', anchors: ['Igor', 'Oversight Committee'], keys: [] }));
    expect((await run(['keygen', '--name', 'Igor', '--jwks', 'anchors.jwks.json', '--out', 'igor.jwk'])).code).toBe(0);
    expect((await run(['keygen', '--name', 'Oversight Committee', '--jwks', 'anchors.jwks.json', '--out', 'oversight.jwk'])).code).toBe(0);
    const jwks = JSON.parse(readFileSync(join(dir, 'anchors.jwks.json'), 'utf8')) as { keys: Array<Record<string, string>> };
    expect(jwks.keys.map((key) => key['kid'])).toEqual(['Igor', 'Oversight Committee']);
    expect(jwks).toMatchObject({ $comment: 'kept', anchors: ['Igor', 'Oversight Committee'] });
    expect(jwks.keys.every((key) => !('d' in key))).toBe(true);
    expect(statSync(join(dir, 'igor.jwk')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'igor.jwk'), 'utf8'))).toMatchObject({ kid: 'Igor', x: jwks.keys[0]!['x'], d: expect.any(String) });

    const again = await run(['keygen', '--name', 'igor', '--jwks', 'anchors.jwks.json', '--out', 'igor-2.jwk']);
    expect([again.code, again.err]).toEqual([1, expect.stringContaining('already has a key in this anchors file; pass --replace')]);
    const overwrite = await run(['keygen', '--name', 'Someone', '--out', 'igor.jwk']);
    expect([overwrite.code, overwrite.err]).toEqual([1, expect.stringContaining('EEXIST')]);
  });

  it('keygen without files prints both halves; without --name it is a usage mistake', async () => {
    const printed = await run(['keygen', '--name', 'Solo']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.out)).toMatchObject({ public_jwk: { kid: 'Solo', kty: 'OKP', crv: 'Ed25519' }, private_jwk: { kid: 'Solo', d: expect.any(String) } });
    expect((await run(['keygen'])).code).toBe(2);
    expect((await run(['sign'])).code).toBe(2);
  });

  describe('against a running agent', () => {
    let agent: RunningAgent<object>;
    let base: string;

    beforeAll(async () => {
      agent = serveAgent(await createTestRuntime(blueprint, { L9_ANCHORS_FILE: join(dir, 'anchors.jwks.json') }), { endpoints: [], modules: {} });
      base = `${await agent.listen(0, '127.0.0.1')}/scorer`;
    });

    afterAll(async () => {
      await agent.close();
    });

    const escalate = async () => {
      const envelope = createEnvelope({ packet_type: 'note', source_agent: 'tester', destination_agent: 'scorer-agent', payload: { n: 1 } });
      const answer = await agent.server.app.inject({ method: 'POST', url: '/scorer/packets', payload: envelope });
      expect(answer.statusCode).toBe(202);
      return answer.json().payload.escalation_id as string;
    };

    it('approve signs and sends the resolution; a second answer is refused with exit code 1', async () => {
      const id = await escalate();
      const approved = await run(['approve', base, id, '--key', 'igor.jwk', '--name', 'Igor', '--reason', 'looked at it']);
      expect(approved.code).toBe(0);
      expect(JSON.parse(approved.out).escalation).toMatchObject({ id, status: 'approved', resolution: { by: 'Igor', reason: 'looked at it' }, outcome: { state: 'completed' } });
      const again = await run(['reject', base, id, '--key', 'oversight.jwk', '--reason', 'too late']);
      expect([again.code, again.err]).toEqual([1, expect.stringContaining('the agent answered 409')]);
    });

    it('override sends the JSON value; a key the agent does not trust is refused with 403', async () => {
      const id = await escalate();
      expect((await run(['keygen', '--name', 'Igor', '--out', 'impostor.jwk'])).code).toBe(0);
      const forged = await run(['approve', base, id, '--key', 'impostor.jwk', '--reason', 'trust me']);
      expect([forged.code, forged.err]).toEqual([1, expect.stringContaining('the agent answered 403')]);
      const overridden = await run(['override', base, id, '--key', 'oversight.jwk', '--reason', 'manual', '--value', '{"score":0.5}']);
      expect(overridden.code).toBe(0);
      expect(JSON.parse(overridden.out).escalation).toMatchObject({ status: 'overridden', outcome: { state: 'overridden', result: { score: 0.5 } } });
    });

    it('refuses usage mistakes with exit code 2 and a key file others can read with exit code 1', async () => {
      const id = await escalate();
      expect((await run(['override', base, id, '--key', 'igor.jwk', '--reason', 'x'])).code).toBe(2);
      expect((await run(['override', base, id, '--key', 'igor.jwk', '--reason', 'x', '--value', '{oops'])).code).toBe(2);
      expect((await run(['approve', base, id, '--key', 'igor.jwk', '--reason', 'x', '--value', '1'])).code).toBe(2);
      expect((await run(['approve', base, id, '--key', 'igor.jwk'])).code).toBe(2);
      expect((await run(['approve', base, '--key', 'igor.jwk', '--reason', 'x'])).code).toBe(2);
      expect((await run(['approve', base, id, '--key', 'igor.jwk', '--name', 'Oversight Committee', '--reason', 'x'])).code).toBe(2);
      chmodSync(join(dir, 'oversight.jwk'), 0o644);
      const exposed = await run(['approve', base, id, '--key', 'oversight.jwk', '--reason', 'x']);
      expect([exposed.code, exposed.err]).toEqual([1, expect.stringContaining('run chmod 600')]);
      expect((await agent.runtime.governance.get(id)).status).toBe('paused');
    });
  });
});
