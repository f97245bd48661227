import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEvidenceStatement } from './build-evidence-statement';
import { preAuthEncoding, signStatement, type DsseEnvelope } from './dsse-envelope';
import { evidenceFixture, type EvidenceFixture } from './testing/evidence-test-fixture';
import { openSignedStatement } from './open-signed-statement';
import { verifyEvidence } from './verify-evidence';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

describe('signing and verifying evidence', () => {
  let fixture: EvidenceFixture;
  let envelope: DsseEnvelope;
  const key = keyPair();
  const readFrom = (root: string) => (path: string) => {
    try {
      return readFileSync(join(root, path));
    } catch {
      return null;
    }
  };

  beforeEach(() => {
    fixture = evidenceFixture();
    envelope = signStatement(buildEvidenceStatement(fixture.input), key.privateKey);
  });
  afterEach(() => fixture.cleanup());

  it('encodes DSSE v1 pre-authentication as the specification does', () => {
    expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('verifies a signed statement against the files it names', () => {
    const result = verifyEvidence({
      signedStatement: JSON.parse(JSON.stringify(envelope)),
      publicKeyPem: key.publicKeyPem,
      readFile: readFrom(fixture.root),
    });
    expect(result).toMatchObject({
      signature_ok: true,
      tampered: [],
      files_verified: 9,
      errors: [],
      ok: true,
    });
    expect(openSignedStatement(envelope, key.publicKeyPem).predicate.ecosystem.id).toBe('demo-ecosystem');
  });

  it('names a file whose content changed, with both digests', () => {
    const path = 'agents/beta/src/generated/contract.ts';
    writeFileSync(join(fixture.root, path), '// edited by hand\n');
    const result = verifyEvidence({
      signedStatement: envelope,
      publicKeyPem: key.publicKeyPem,
      readFile: readFrom(fixture.root),
    });
    expect(result.signature_ok).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.tampered).toEqual([
      {
        path,
        expected: fixture.input.agents[1]!.files[0]!.sha256,
        actual: expect.stringMatching(/^[0-9a-f]{64}$/),
        ownership: 'generated',
      },
    ]);
    expect(result.tampered[0]!.actual).not.toBe(result.tampered[0]!.expected);
  });

  it('names a deleted file as missing', () => {
    rmSync(join(fixture.root, 'agents/gamma/manifest.json'));
    const result = verifyEvidence({
      signedStatement: envelope,
      publicKeyPem: key.publicKeyPem,
      readFile: readFrom(fixture.root),
    });
    expect(result.tampered).toEqual([
      {
        path: 'agents/gamma/manifest.json',
        expected: expect.any(String),
        actual: 'missing',
        ownership: 'generated',
      },
    ]);
    expect(result.ok).toBe(false);
  });

  it('names a domain module edited after signing as a user-owned change, not as a tampered generated file', () => {
    writeFileSync(
      join(fixture.root, 'agents/alpha/src/modules/scorer.ts'),
      'export const score = () => 2;\n',
    );
    const result = verifyEvidence({
      signedStatement: envelope,
      publicKeyPem: key.publicKeyPem,
      readFile: readFrom(fixture.root),
    });
    expect(result.ok).toBe(false);
    expect(result.tampered).toEqual([
      {
        path: 'agents/alpha/src/modules/scorer.ts',
        expected: expect.any(String),
        actual: expect.any(String),
        ownership: 'user',
      },
    ]);
  });

  it('fails the signature when the payload was edited, even into a valid statement', () => {
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    statement.predicate.ecosystem.title = 'Edited after signing';
    const edited = { ...envelope, payload: Buffer.from(JSON.stringify(statement)).toString('base64') };
    const result = verifyEvidence({
      signedStatement: edited,
      publicKeyPem: key.publicKeyPem,
      readFile: readFrom(fixture.root),
    });
    expect(result).toMatchObject({ signature_ok: false, tampered: [], errors: [], ok: false });
    expect(() => openSignedStatement(edited, key.publicKeyPem)).toThrow('signature does not verify');
  });

  it('fails the signature with another key', () => {
    const other = keyPair();
    const result = verifyEvidence({
      signedStatement: envelope,
      publicKeyPem: other.publicKeyPem,
      readFile: readFrom(fixture.root),
    });
    expect(result.signature_ok).toBe(false);
    expect(result.ok).toBe(false);
  });

  it('fails the signature when the payload type was changed, since the type is signed too', () => {
    const result = verifyEvidence({
      signedStatement: { ...envelope, payloadType: 'application/json' },
      publicKeyPem: key.publicKeyPem,
      readFile: readFrom(fixture.root),
    });
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toContain('payload type is application/json');
  });

  it('explains input that is not a signed statement or not a key', () => {
    expect(
      verifyEvidence({ signedStatement: { hello: 1 }, publicKeyPem: key.publicKeyPem, readFile: () => null })
        .errors[0],
    ).toContain('not a signed statement');
    expect(
      verifyEvidence({ signedStatement: envelope, publicKeyPem: 'not a key', readFile: () => null })
        .errors[0],
    ).toContain('not a PEM public key');
    const garbage = { ...envelope, payload: Buffer.from('{"_type":1}').toString('base64') };
    expect(
      verifyEvidence({ signedStatement: garbage, publicKeyPem: key.publicKeyPem, readFile: () => null })
        .errors[0],
    ).toMatch(/^statement /);
  });

  it('refuses to sign with a key that is not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signStatement(buildEvidenceStatement(fixture.input), privateKey)).toThrow(
      'must be Ed25519, got ec',
    );
  });
});
