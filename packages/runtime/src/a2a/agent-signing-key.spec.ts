import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { agentSigningKeyFromEnv } from './agent-signing-key';

const pem = (type: 'ed25519' | 'ec') =>
  (type === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  ).privateKey
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('the agent card signing key', () => {
  it('reads an Ed25519 PKCS#8 key from L9_AGENT_SIGNING_KEY (env-file \\n escapes too) and names it by its thumbprint', async () => {
    const text = pem('ed25519');
    const key = await agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY: text.replace(/\n/g, '\\n') });
    expect(key.ephemeral).toBe(false);
    expect(key.kid).toBe(
      await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x as string }),
    );
    expect(key.publicJwk).not.toHaveProperty('d');
  });

  it('reads it from L9_AGENT_SIGNING_KEY_FILE, the same key every start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'l9-agent-key-')), 'agent.pem');
    writeFileSync(file, pem('ed25519'));
    const [a, b] = await Promise.all([
      agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY_FILE: file }),
      agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY_FILE: file }),
    ]);
    expect(a.kid).toBe(b.kid);
  });

  it('makes a key for the process when neither is set, and says so', async () => {
    const [a, b] = await Promise.all([agentSigningKeyFromEnv({}), agentSigningKeyFromEnv({})]);
    expect(a.ephemeral).toBe(true);
    expect(a.kid).not.toBe(b.kid);
  });

  it('refuses what cannot sign the card, naming the variable and how to make a key, never the value', async () => {
    const ec = pem('ec');
    await expect(agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY: ec })).rejects.toThrow(
      'L9_AGENT_SIGNING_KEY: is a ec key; the agent card is signed with Ed25519; make one with `openssl genpkey -algorithm ed25519 -out agent-signing.pem`',
    );
    await expect(agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY: 'not a key' })).rejects.toThrow(
      /^L9_AGENT_SIGNING_KEY: is not a PEM private key/,
    );
    await expect(
      agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY_FILE: '/nonexistent/agent.pem' }),
    ).rejects.toThrow('L9_AGENT_SIGNING_KEY_FILE: cannot read /nonexistent/agent.pem (ENOENT)');
    await expect(
      agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY: pem('ed25519'), L9_AGENT_SIGNING_KEY_FILE: '/x' }),
    ).rejects.toThrow(/both set/);
    await expect(agentSigningKeyFromEnv({ L9_AGENT_SIGNING_KEY: ec })).rejects.not.toThrow(/BEGIN/);
  });
});
