import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueCallerToken } from '../caller/caller-token';
import { throwawaySecrets } from '../config/throwaway-secrets';
import { createEnvelope } from '../envelope/create-envelope';
import type { AgentBlueprint } from '../agent/agent-blueprint';
import { serveAgent, type RunningAgent } from '../agent/serve-agent';
import { createTestRuntime } from '../agent/test-runtime';
import type { CliIo } from './cli-command';
import { CLI_COMMANDS } from './cli-commands';
import { heldWorkSummary } from './held-work-summary';
import { runCli } from './run-cli';

function capture(cwd: string, env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    cwd,
    out: () => out.join(''),
    err: () => err.join(''),
  };
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
  const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const io = capture(dir, env);
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
    writeFileSync(
      join(dir, 'anchors.jwks.json'),
      JSON.stringify({ $comment: 'kept', anchors: ['Igor', 'Oversight Committee'], keys: [] }),
    );
    expect(
      (await run(['keygen', '--name', 'Igor', '--jwks', 'anchors.jwks.json', '--out', 'igor.jwk'])).code,
    ).toBe(0);
    expect(
      (
        await run([
          'keygen',
          '--name',
          'Oversight Committee',
          '--jwks',
          'anchors.jwks.json',
          '--out',
          'oversight.jwk',
        ])
      ).code,
    ).toBe(0);
    const jwks = JSON.parse(readFileSync(join(dir, 'anchors.jwks.json'), 'utf8')) as {
      keys: Array<Record<string, string>>;
    };
    expect(jwks.keys.map((key) => key['kid'])).toEqual(['Igor', 'Oversight Committee']);
    expect(jwks).toMatchObject({ $comment: 'kept', anchors: ['Igor', 'Oversight Committee'] });
    expect(jwks.keys.every((key) => !('d' in key))).toBe(true);
    expect(statSync(join(dir, 'igor.jwk')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'igor.jwk'), 'utf8'))).toMatchObject({
      kid: 'Igor',
      x: jwks.keys[0]!['x'],
      d: expect.any(String),
    });

    const again = await run([
      'keygen',
      '--name',
      'igor',
      '--jwks',
      'anchors.jwks.json',
      '--out',
      'igor-2.jwk',
    ]);
    expect([again.code, again.err]).toEqual([
      1,
      expect.stringContaining('already has a key in this anchors file; pass --replace'),
    ]);
    const overwrite = await run(['keygen', '--name', 'Someone', '--out', 'igor.jwk']);
    expect([overwrite.code, overwrite.err]).toEqual([1, expect.stringContaining('EEXIST')]);
  });

  it('keygen without files prints both halves; without --name it is a usage mistake', async () => {
    const printed = await run(['keygen', '--name', 'Solo']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.out)).toMatchObject({
      public_jwk: { kid: 'Solo', kty: 'OKP', crv: 'Ed25519' },
      private_jwk: { kid: 'Solo', d: expect.any(String) },
    });
    expect((await run(['keygen'])).code).toBe(2);
    expect((await run(['sign'])).code).toBe(2);
  });

  describe('against a running agent', () => {
    let agent: RunningAgent<object>;
    let base: string;

    beforeAll(async () => {
      agent = serveAgent(
        await createTestRuntime(blueprint, { L9_ANCHORS_FILE: join(dir, 'anchors.jwks.json') }),
        { endpoints: [], modules: {} },
      );
      base = `${await agent.listen(0, '127.0.0.1')}/scorer`;
    });

    afterAll(async () => {
      await agent.close();
    });

    const escalate = async () => {
      const envelope = createEnvelope({
        packet_type: 'note',
        source_agent: 'tester',
        destination_agent: 'scorer-agent',
        payload: { n: 1 },
      });
      const answer = await agent.server.app.inject({
        method: 'POST',
        url: '/scorer/packets',
        payload: envelope,
      });
      expect(answer.statusCode).toBe(202);
      return answer.json().payload.escalation_id as string;
    };

    it('approve reads the escalation, shows what it holds, signs its work digest and sends it; a second answer is refused with exit code 1', async () => {
      const id = await escalate();
      const { work_digest } = (
        await agent.server.app.inject({ method: 'GET', url: `/scorer/escalations/${id}` })
      ).json() as { work_digest: string };
      const approved = await run([
        'approve',
        base,
        id,
        '--key',
        'igor.jwk',
        '--name',
        'Igor',
        '--reason',
        'looked at it',
      ]);
      expect(approved.code).toBe(0);
      expect(JSON.parse(approved.out).escalation).toMatchObject({
        id,
        status: 'approved',
        resolution: { by: 'Igor', reason: 'looked at it' },
        outcome: { state: 'completed' },
        work_digest,
      });
      expect(approved.err).toContain(`escalation "${id}" of agent "scorer-agent": "paused"`);
      expect(approved.err).toContain('holds:     packet "note" from "tester"');
      expect(approved.err).toContain('payload 7 bytes');
      expect(approved.err).toContain(`digest:    ${work_digest}`);
      const signed = (await agent.runtime.governance.get(id)).resolution!.signature!;
      expect(JSON.parse(Buffer.from(signed.split('.')[1]!, 'base64url').toString())).toMatchObject({
        escalation_id: id,
        agent: 'scorer-agent',
        action: 'approve',
        work_digest,
      });
      const again = await run(['reject', base, id, '--key', 'oversight.jwk', '--reason', 'too late']);
      expect([again.code, again.err]).toEqual([1, expect.stringContaining('the agent answered 409')]);
    });

    it('override sends the JSON value; a key the agent does not trust is refused with 403', async () => {
      const id = await escalate();
      expect((await run(['keygen', '--name', 'Igor', '--out', 'impostor.jwk'])).code).toBe(0);
      const forged = await run(['approve', base, id, '--key', 'impostor.jwk', '--reason', 'trust me']);
      expect([forged.code, forged.err]).toEqual([1, expect.stringContaining('the agent answered 403')]);
      const overridden = await run([
        'override',
        base,
        id,
        '--key',
        'oversight.jwk',
        '--reason',
        'manual',
        '--value',
        '{"score":0.5}',
      ]);
      expect(overridden.code).toBe(0);
      expect(JSON.parse(overridden.out).escalation).toMatchObject({
        status: 'overridden',
        outcome: { state: 'overridden', result: { score: 0.5 } },
      });
    });

    it('--agent checks the escalation it reads, never stands in for reading it', async () => {
      const id = await escalate();
      const elsewhere = await run([
        'approve',
        base,
        id,
        '--key',
        'igor.jwk',
        '--agent',
        'other-agent',
        '--reason',
        'x',
      ]);
      expect([elsewhere.code, elsewhere.err]).toEqual([
        1,
        expect.stringContaining('it belongs to agent "scorer-agent", not "other-agent" (--agent)'),
      ]);
      expect((await agent.runtime.governance.get(id)).status).toBe('paused');
      expect(
        (await run(['approve', base, id, '--key', 'igor.jwk', '--agent', 'scorer-agent', '--reason', 'x']))
          .code,
      ).toBe(0);
      const missing = await run([
        'approve',
        base,
        'no-such-escalation',
        '--key',
        'igor.jwk',
        '--agent',
        'scorer-agent',
        '--reason',
        'x',
      ]);
      expect([missing.code, missing.err]).toEqual([
        1,
        expect.stringContaining('cannot read escalation no-such-escalation'),
      ]);
    });

    it('refuses usage mistakes with exit code 2 and a key file others can read with exit code 1', async () => {
      const id = await escalate();
      expect((await run(['override', base, id, '--key', 'igor.jwk', '--reason', 'x'])).code).toBe(2);
      expect(
        (await run(['override', base, id, '--key', 'igor.jwk', '--reason', 'x', '--value', '{oops'])).code,
      ).toBe(2);
      expect(
        (await run(['approve', base, id, '--key', 'igor.jwk', '--reason', 'x', '--value', '1'])).code,
      ).toBe(2);
      expect((await run(['approve', base, id, '--key', 'igor.jwk'])).code).toBe(2);
      expect((await run(['approve', base, '--key', 'igor.jwk', '--reason', 'x'])).code).toBe(2);
      expect(
        (
          await run([
            'approve',
            base,
            id,
            '--key',
            'igor.jwk',
            '--name',
            'Oversight Committee',
            '--reason',
            'x',
          ])
        ).code,
      ).toBe(2);
      chmodSync(join(dir, 'oversight.jwk'), 0o644);
      const exposed = await run(['approve', base, id, '--key', 'oversight.jwk', '--reason', 'x']);
      expect([exposed.code, exposed.err]).toEqual([1, expect.stringContaining('run chmod 600')]);
      expect((await agent.runtime.governance.get(id)).status).toBe('paused');
    });
  });

  describe('against an agent that requires caller tokens', () => {
    let agent: RunningAgent<object>;
    let base: string;
    const secrets = throwawaySecrets();

    beforeAll(async () => {
      agent = serveAgent(
        await createTestRuntime(blueprint, { ...secrets, L9_ANCHORS_FILE: join(dir, 'anchors.jwks.json') }),
        { endpoints: [], modules: {} },
      );
      base = `${await agent.listen(0, '127.0.0.1')}/scorer`;
    });

    afterAll(async () => {
      await agent.close();
    });

    it('reads the escalation with L9_CALLER_TOKEN, and without one signs nothing, saying what to set', async () => {
      const work = {
        kind: 'endpoint' as const,
        endpoint: 'score',
        payload: { model: 'm-7', rows: [1, 2, 3] },
        caller: 'nightly-batch',
      };
      const { escalation } = await agent.runtime.governance.evaluate(
        { id: 'call-1', agent: 'scorer-agent', action: 'score', signals: {}, packet_id: 'call-1' },
        { work },
      );
      const id = escalation!.id;
      const blind = await run([
        'approve',
        base,
        id,
        '--key',
        'igor.jwk',
        '--agent',
        'scorer-agent',
        '--reason',
        'x',
      ]);
      expect([blind.code, blind.err]).toEqual([1, expect.stringContaining('cannot read escalation')]);
      expect(blind.err).toContain('set L9_CALLER_TOKEN');
      expect((await agent.runtime.governance.get(id)).status).toBe('paused');

      const token = await issueCallerToken({
        secret: secrets['L9_PACKET_SECRET']!,
        caller: 'anchor-desk',
        agent: 'scorer-agent',
      });
      const read = await run(['reject', base, id, '--key', 'igor.jwk', '--reason', 'not tonight'], {
        L9_CALLER_TOKEN: token,
      });
      expect(read.code).toBe(0);
      expect(read.err).toContain('holds:     call of endpoint "score" by "nightly-batch"');
      expect(JSON.parse(read.out).escalation).toMatchObject({
        status: 'rejected',
        outcome: { state: 'rejected' },
      });
    });
  });

  describe('against something that shows one work and names the digest of another', () => {
    let server: Server;
    let base: string;
    const posted: string[] = [];
    const shown = {
      id: 'esc-1',
      decision: { id: 'd-1', agent: 'scorer-agent', action: 'score', signals: {} },
      matched_rules: [],
      triggers: ['mode:supervised'],
      anchors: ['Igor'],
      status: 'paused',
      created_at: '2025-06-01T12:00:00.000Z',
      work: {
        kind: 'endpoint',
        endpoint: 'score\u001b[2K\u009b2K',
        payload: { amount: 1 },
        caller: 'tester',
      },
      work_digest: '0'.repeat(64),
    };

    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.method === 'POST') posted.push(request.url ?? '');
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(shown));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address() as { port: number };
      base = `http://127.0.0.1:${address.port}/scorer`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('signs nothing when the digest shown is not the digest of the work shown, and never prints raw control characters', async () => {
      const refused = await run(['approve', base, 'esc-1', '--key', 'igor.jwk', '--reason', 'x']);
      expect([refused.code, refused.err]).toEqual([
        1,
        expect.stringContaining('its work_digest is not the digest of the work it shows'),
      ]);
      expect(posted).toEqual([]);
      const { work_digest: _digest, ...undigested } = shown;
      const summary = heldWorkSummary(undigested as never, 'approve', 'Igor');
      expect(summary).not.toContain('\u001b');
      expect(summary).not.toContain('\u009b');
      expect(summary).toContain('"score\\u001b[2K\\u009b2K"');
    });
  });
});
