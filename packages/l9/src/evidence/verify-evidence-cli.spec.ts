import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEvidenceStatement } from './build-evidence-statement';
import { signStatement } from './dsse-envelope';
import { evidenceFixture, type EvidenceFixture } from './testing/evidence-test-fixture';
import { publicKeyPathFor, runVerifyEvidence } from './verify-evidence-cli';

describe('verify-evidence command', () => {
  let fixture: EvidenceFixture;
  let out: string;
  let err: string;
  const io = () => ({
    cwd: fixture.root,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  const statementPath = 'agents/demo-ecosystem/evidence/evidence_statement.json';

  beforeEach(() => {
    fixture = evidenceFixture();
    out = '';
    err = '';
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    mkdirSync(join(fixture.root, 'agents/demo-ecosystem/evidence'), { recursive: true });
    writeFileSync(
      join(fixture.root, statementPath),
      JSON.stringify(signStatement(buildEvidenceStatement(fixture.input), privateKey)),
    );
    writeFileSync(
      join(fixture.root, publicKeyPathFor(statementPath)),
      publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });
  afterEach(() => fixture.cleanup());

  it('finds the public key next to the statement', () => {
    expect(publicKeyPathFor('out/evidence_statement.json')).toBe(join('out', 'evidence_statement.pub.pem'));
  });

  it('reports every file verified and exits 0', () => {
    expect(runVerifyEvidence([statementPath], io())).toBe(0);
    expect(out).toBe('OK: 9 files verified, signature valid\n');
  });

  it('prints one line per changed or missing file and exits 1', () => {
    writeFileSync(join(fixture.root, 'agents/alpha/manifest.json'), '{}\n');
    rmSync(join(fixture.root, 'agents/beta/manifest.json'));
    expect(runVerifyEvidence([statementPath], io())).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^changed: agents\/alpha\/manifest\.json \(generated file; expected sha256 [0-9a-f]{64}, found [0-9a-f]{64}\)$/,
    );
    expect(lines[1]).toMatch(/^missing: agents\/beta\/manifest\.json \(expected sha256 [0-9a-f]{64}\)$/);
  });

  it('tells a user-owned domain module edited after signing from a tampered generated file', () => {
    writeFileSync(join(fixture.root, 'agents/beta/src/modules/scorer.ts'), 'export const score = () => 3;\n');
    expect(runVerifyEvidence([statementPath], io())).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^user change: agents\/beta\/src\/modules\/scorer\.ts \(user-owned, edited after signing; expected sha256 [0-9a-f]{64}, found [0-9a-f]{64}\)$/,
    );
    expect(lines[1]).toBe(
      'only user-owned files changed since signing (1); run the evidence target again to sign what they hold now',
    );
    expect(out).not.toContain('changed: ');
  });

  it('reads files from --root and the key from --key', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    writeFileSync(join(fixture.root, 'other.pem'), other);
    expect(
      runVerifyEvidence([join(fixture.root, statementPath), '--key', 'other.pem', '--root', '.'], io()),
    ).toBe(1);
    expect(out).toContain('signature INVALID');
    out = '';
    expect(runVerifyEvidence([join(fixture.root, statementPath), '--key=other.pem', '--root=.'], io())).toBe(
      1,
    );
    expect(out).toContain('signature INVALID');
  });

  it('explains wrong usage and unreadable input with exit 2', () => {
    expect(runVerifyEvidence([], io())).toBe(2);
    expect(err).toContain('the path of the signed statement is required');
    err = '';
    expect(runVerifyEvidence([statementPath, '--key'], io())).toBe(2);
    expect(err).toContain('--key needs a value');
    err = '';
    expect(runVerifyEvidence([statementPath, '--keys', 'k.pem'], io())).toBe(2);
    expect(err.split('\n')[0]).toBe('verify-evidence: unknown option --keys');
    err = '';
    expect(runVerifyEvidence(['nope.json'], io())).toBe(2);
    expect(err).toMatch(/cannot read the signed statement .*nope\.json: ENOENT/);
    err = '';
    writeFileSync(join(fixture.root, 'broken.json'), '{');
    expect(runVerifyEvidence(['broken.json'], io())).toBe(2);
    expect(err).toContain('broken.json is not JSON');
  });
});
