import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEvidenceStatement } from './build-evidence-statement';
import { signStatement } from './dsse-envelope';
import { loadOrCreateEvidenceKey } from './evidence-key';
import { EVIDENCE_FILES, evidenceOutputs } from './evidence-outputs';
import { evidenceFixture, type EvidenceFixture } from './testing/evidence-test-fixture';
import { renderEvidenceReport } from './render-evidence-report';
import { verifyEvidence } from './verify-evidence';

describe('evidenceOutputs', () => {
  let fixture: EvidenceFixture;
  let keyRoot: string;
  beforeEach(() => {
    fixture = evidenceFixture();
    keyRoot = mkdtempSync(join(tmpdir(), 'l9-evidence-outputs-'));
  });
  afterEach(() => {
    fixture.cleanup();
    rmSync(keyRoot, { recursive: true, force: true });
  });

  it('gives the six phase 6 files, whose statement and key verify on their own', () => {
    const key = loadOrCreateEvidenceKey({ env: {}, workspaceRoot: keyRoot });
    const envelope = signStatement(buildEvidenceStatement(fixture.input), key.privateKey);
    const files = evidenceOutputs(envelope, key.publicKeyPem);
    expect(Object.keys(files).sort()).toEqual(Object.values(EVIDENCE_FILES).sort());
    const result = verifyEvidence({
      signedStatement: JSON.parse(files[EVIDENCE_FILES.statement]!),
      publicKeyPem: files[EVIDENCE_FILES.publicKey]!,
      readFile: (path) => readFileSync(join(fixture.root, path)),
    });
    expect(result.ok).toBe(true);
    expect(files[EVIDENCE_FILES.report]).toContain('## 10. Final declaration');
    expect(evidenceOutputs(envelope, key.publicKeyPem)).toEqual(files);
  });

  it('shows the checks that prove phase 0 and phase 6: the plan hash recomputed, the signature verified, every file covered', () => {
    const key = loadOrCreateEvidenceKey({ env: {}, workspaceRoot: keyRoot });
    const report = evidenceOutputs(
      signStatement(buildEvidenceStatement(fixture.input), key.privateKey),
      key.publicKeyPem,
    )[EVIDENCE_FILES.report]!;
    const section = (n: number) =>
      report.slice(
        report.indexOf(`## ${n}. `),
        report.indexOf(`## ${n + 1}. `) < 0 ? undefined : report.indexOf(`## ${n + 1}. `),
      );
    for (const phase of [section(3), section(9)]) expect(phase).not.toContain('No check of phase');
    expect(section(3)).toMatch(/\| ecosystem \| plan-hash-recomputed: .* \| pass \|/);
    expect(section(9)).toContain(
      `| ecosystem | statement-signed: the statement this report is rendered from is signed (Ed25519, DSSE) and its signature verifies | pass | ${EVIDENCE_FILES.publicKey}: signature by key ${key.keyid}`,
    );
  });

  it('says so when a report is rendered from a statement that was not signed', () => {
    const report = renderEvidenceReport(buildEvidenceStatement(fixture.input));
    expect(report).toMatch(
      /\| ecosystem \| statement-signed: .* \| FAIL \| evidence_statement\.json: rendered from a statement that was not signed \|/,
    );
  });

  it('renders nothing from an envelope whose signature does not verify', () => {
    const key = loadOrCreateEvidenceKey({ env: {}, workspaceRoot: keyRoot });
    const envelope = signStatement(buildEvidenceStatement(fixture.input), key.privateKey);
    const forged = {
      ...envelope,
      signatures: [{ ...envelope.signatures[0]!, sig: Buffer.alloc(64).toString('base64') }],
    };
    expect(() => evidenceOutputs(forged, key.publicKeyPem)).toThrow('signature does not verify');
  });
});
