import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEvidenceStatement } from './build-evidence-statement';
import { signStatement } from './dsse-envelope';
import { loadOrCreateEvidenceKey } from './evidence-key';
import { EVIDENCE_FILES, evidenceOutputs } from './evidence-outputs';
import { evidenceFixture, type EvidenceFixture } from './evidence-test-fixture';
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

  it('renders nothing from an envelope whose signature does not verify', () => {
    const key = loadOrCreateEvidenceKey({ env: {}, workspaceRoot: keyRoot });
    const envelope = signStatement(buildEvidenceStatement(fixture.input), key.privateKey);
    const forged = { ...envelope, signatures: [{ ...envelope.signatures[0]!, sig: Buffer.alloc(64).toString('base64') }] };
    expect(() => evidenceOutputs(forged, key.publicKeyPem)).toThrow('signature does not verify');
  });
});
