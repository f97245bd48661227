import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAuditSigningKeyPem } from '../audit/audit-signing-key';
import { AUDIT_HEAD_TOPIC } from '../audit/audit-head-topic';
import { auditHeadSignedBy } from '../audit/signed-head';
import { publicKeyId } from '../audit/audit-signing-key';
import type { SignedAuditHead } from '../audit/audit-types';
import { throwawaySecrets } from '../config/throwaway-secrets';
import type { StreamMessage } from '../stream';
import { createAgentRuntime } from './create-agent-runtime';
import { openAuditLog } from './open-audit-log';
import { faultBlueprint, packetFor, serveFaultAgent } from './testing/fault-agent';
import { createPublicKey } from 'node:crypto';

const { L9_PACKET_SECRET: _unused, ...auditKeys } = throwawaySecrets();

describe('openAuditLog keys', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'l9-open-audit-'));
    file = join(dir, 'audit.jsonl');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const open = (env: NodeJS.ProcessEnv, extra: { packetSecret?: string; postgresUrl?: string } = {}) =>
    openAuditLog({ agentId: 'tensoraios', env, ...extra });

  it('refuses a persisted log without L9_AUDIT_KEY, saying what to set and how to make one', async () => {
    await expect(
      open(
        { L9_AUDIT_FILE: file, L9_AUDIT_SIGNING_KEY: auditKeys['L9_AUDIT_SIGNING_KEY'] },
        { packetSecret: 'p'.repeat(64) },
      ),
    ).rejects.toThrow(
      `L9_AUDIT_KEY: is required for the audit log at ${file}: set it to a random secret of at least 32 characters that only this agent holds (never L9_PACKET_SECRET); make one with \`openssl rand -hex 32\``,
    );
    await expect(
      open(
        { L9_AUDIT_SIGNING_KEY: auditKeys['L9_AUDIT_SIGNING_KEY'] },
        { postgresUrl: 'postgres://nobody@127.0.0.1:1/none' },
      ),
    ).rejects.toThrow(
      'L9_AUDIT_KEY: is required for the audit log at PostgreSQL table l9_audit.audit_tensoraios',
    );
  });

  it('refuses L9_AUDIT_KEY equal to the packet secret, or too short, without repeating it', async () => {
    const secret = 'k'.repeat(48);
    const refused = open(
      { L9_AUDIT_FILE: file, L9_AUDIT_KEY: secret, L9_AUDIT_SIGNING_KEY: auditKeys['L9_AUDIT_SIGNING_KEY'] },
      { packetSecret: secret },
    );
    await expect(refused).rejects.toThrow(
      'L9_AUDIT_KEY: must differ from L9_PACKET_SECRET: every peer holds the packet secret',
    );
    await expect(refused).rejects.not.toThrow(secret);
    await expect(open({ L9_AUDIT_KEY: 'short-key' })).rejects.toThrow(
      'L9_AUDIT_KEY: must be at least 32 characters',
    );
    await expect(open({ L9_AUDIT_KEY: secret }, { packetSecret: secret })).rejects.toThrow(
      'must differ from L9_PACKET_SECRET',
    );
  });

  it('refuses a persisted log without a signing key, or with two, or with one that is not Ed25519 PEM', async () => {
    await expect(open({ L9_AUDIT_FILE: file, L9_AUDIT_KEY: auditKeys['L9_AUDIT_KEY'] })).rejects.toThrow(
      `L9_AUDIT_SIGNING_KEY: is required for the audit log at ${file}: set it to an Ed25519 private key (PKCS#8 PEM), or L9_AUDIT_SIGNING_KEY_FILE to a file holding one; make one with \`npx l9-runtime audit keygen\``,
    );
    await expect(
      open({ ...auditKeys, L9_AUDIT_FILE: file, L9_AUDIT_SIGNING_KEY_FILE: join(dir, 'k.pem') }),
    ).rejects.toThrow('L9_AUDIT_SIGNING_KEY: and L9_AUDIT_SIGNING_KEY_FILE are both set');
    await expect(
      open({
        L9_AUDIT_KEY: auditKeys['L9_AUDIT_KEY'],
        L9_AUDIT_FILE: file,
        L9_AUDIT_SIGNING_KEY: 'not-a-key-at-all',
      }),
    ).rejects.toThrow(/^L9_AUDIT_SIGNING_KEY: is not a PEM private key .*audit keygen`$/);
    await expect(
      open({
        L9_AUDIT_KEY: auditKeys['L9_AUDIT_KEY'],
        L9_AUDIT_FILE: file,
        L9_AUDIT_SIGNING_KEY_FILE: join(dir, 'missing.pem'),
      }),
    ).rejects.toThrow(`L9_AUDIT_SIGNING_KEY_FILE: cannot read ${join(dir, 'missing.pem')} (ENOENT)`);
  });

  it('reads the signing key from a file, or from one-line text with \\n escapes', async () => {
    const { privateKeyPem, publicKeyPem } = generateAuditSigningKeyPem();
    await writeFile(join(dir, 'k.pem'), privateKeyPem);
    const fromFile = await open({
      L9_AUDIT_KEY: auditKeys['L9_AUDIT_KEY'],
      L9_AUDIT_FILE: file,
      L9_AUDIT_SIGNING_KEY_FILE: join(dir, 'k.pem'),
    });
    expect(publicKeyId(fromFile.publicKey)).toBe(publicKeyId(createPublicKey(publicKeyPem)));
    await fromFile.close();
    const fromText = await open({
      L9_AUDIT_KEY: auditKeys['L9_AUDIT_KEY'],
      L9_AUDIT_SIGNING_KEY: privateKeyPem.replace(/\n/g, '\\n'),
    });
    expect(publicKeyId(fromText.publicKey)).toBe(publicKeyId(createPublicKey(publicKeyPem)));
  });

  it('gives an in-memory log random keys of its own', async () => {
    const log = await open({}, { packetSecret: 'p'.repeat(64) });
    await expect(log.append({ agent: 'tensoraios', action: 'boot' })).resolves.toMatchObject({ seq: 1 });
    expect(log.signedHead).toMatchObject({ log: 'tensoraios', seq: 1 });
  });
});

describe('an agent with a file audit log', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let closeAfter: { close(): Promise<void> } | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'l9-agent-audit-'));
    env = { ...auditKeys, L9_AUDIT_FILE: join(dir, 'audit.jsonl'), L9_LOG_LEVEL: 'silent' };
  });

  afterEach(async () => {
    await closeAfter?.close();
    closeAfter = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('serves its signed head and public key, publishes each head on l9.audit.head, and refuses to restart on a cut log', async () => {
    const agent = serveFaultAgent(await createAgentRuntime(faultBlueprint('audit-agent', 'auditagent'), env));
    closeAfter = agent;
    const witnessed: SignedAuditHead[] = [];
    await agent.runtime.stream.subscribe(AUDIT_HEAD_TOPIC, 'witness', 'w1', (message: StreamMessage) => {
      witnessed.push(message.body as unknown as SignedAuditHead);
    });
    for (let index = 0; index < 3; index++) {
      const response = await agent.server.app.inject({
        method: 'POST',
        url: '/auditagent/packets',
        payload: packetFor(agent, 'note', { index }),
      });
      expect(response.statusCode).toBe(200);
    }
    const answer = (await agent.server.app.inject({ method: 'GET', url: '/auditagent/audit/head' })).json();
    const publicKey = createPublicKey(answer.public_key_pem);
    expect(answer).toMatchObject({
      algorithm: 'Ed25519',
      public_key: publicKeyId(publicKey),
      head: { log: 'audit-agent', seq: agent.runtime.audit.head.seq },
    });
    expect(auditHeadSignedBy(answer.head, publicKey, answer.public_key)).toBe(true);
    expect(JSON.parse(await readFile(join(dir, 'audit.jsonl.head'), 'utf8'))).toEqual(answer.head);
    closeAfter = undefined;
    await agent.close();
    expect(witnessed.at(-1)).toEqual(answer.head);

    const entries = (await readFile(join(dir, 'audit.jsonl'), 'utf8')).trimEnd().split('\n');
    await writeFile(join(dir, 'audit.jsonl'), `${entries.slice(0, -1).join('\n')}\n`);
    await expect(createAgentRuntime(faultBlueprint('audit-agent', 'auditagent'), env)).rejects.toThrow(
      new RegExp(
        `^audit log ${join(dir, 'audit.jsonl')} does not verify, so it is not extended: truncated at ${entries.length}: log ends at ${entries.length - 1} but its signed head attests entry ${entries.length}`,
      ),
    );
    expect((await readFile(join(dir, 'audit.jsonl'), 'utf8')).trimEnd().split('\n')).toHaveLength(
      entries.length - 1,
    );
  });
});
