import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf } from './dsse-envelope';
import { loadOrCreateEvidenceKey, WORKSPACE_EVIDENCE_KEY } from './evidence-key';

describe('loadOrCreateEvidenceKey', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'l9-evidence-key-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const pem = () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('creates the workspace key readable by its owner only, then reuses it', () => {
    const created = loadOrCreateEvidenceKey({ env: {}, workspaceRoot: root });
    expect(created.source).toBe('created');
    expect(statSync(join(root, WORKSPACE_EVIDENCE_KEY)).mode & 0o777).toBe(0o600);
    expect(created.keyid).toBe(keyIdOf(created.publicKeyPem));
    const again = loadOrCreateEvidenceKey({ env: {}, workspaceRoot: root });
    expect(again).toMatchObject({
      source: 'workspace',
      keyid: created.keyid,
      publicKeyPem: created.publicKeyPem,
    });
  });

  it('prefers a PEM key in L9_EVIDENCE_KEY and writes no workspace key', () => {
    const key = loadOrCreateEvidenceKey({ env: { L9_EVIDENCE_KEY: pem() }, workspaceRoot: root });
    expect(key.source).toBe('env');
    expect(() => statSync(join(root, WORKSPACE_EVIDENCE_KEY))).toThrow();
  });

  it('reads L9_EVIDENCE_KEY as a path from the workspace root', () => {
    const text = pem();
    writeFileSync(join(root, 'ci-key.pem'), text);
    const key = loadOrCreateEvidenceKey({ env: { L9_EVIDENCE_KEY: 'ci-key.pem' }, workspaceRoot: root });
    expect(key.source).toBe('env-file');
    expect(key.keyid).toBe(
      loadOrCreateEvidenceKey({ env: { L9_EVIDENCE_KEY: text }, workspaceRoot: root }).keyid,
    );
  });

  it('explains a key that is missing, unreadable or of the wrong kind', () => {
    expect(() =>
      loadOrCreateEvidenceKey({ env: { L9_EVIDENCE_KEY: 'nowhere.pem' }, workspaceRoot: root }),
    ).toThrow(/L9_EVIDENCE_KEY names .*nowhere\.pem, which does not exist/);
    expect(() =>
      loadOrCreateEvidenceKey({
        env: { L9_EVIDENCE_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' },
        workspaceRoot: root,
      }),
    ).toThrow('L9_EVIDENCE_KEY does not hold a PEM private key');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => loadOrCreateEvidenceKey({ env: { L9_EVIDENCE_KEY: rsa }, workspaceRoot: root })).toThrow(
      'holds a rsa key; evidence is signed with Ed25519',
    );
  });
});
