import { canonicalJsonPretty } from '../plan/plan-lock-format';
import { keyIdOf, type DsseEnvelope } from './dsse-envelope';
import { openSignedStatement } from './open-signed-statement';
import { renderDeploymentReadiness } from './render-deployment-readiness';
import { renderEvidenceHtml } from './render-evidence-html';
import { renderEvidenceReport } from './render-evidence-report';
import { renderExtractionManifest } from './render-extraction-manifest';

/** File names of the phase 6 outputs, written side by side in one folder. */
export const EVIDENCE_FILES = {
  statement: 'evidence_statement.json',
  publicKey: 'evidence_statement.pub.pem',
  report: 'evidence_report.md',
  html: 'evidence_report.html',
  extractionManifest: 'extraction_manifest.json',
  deploymentReadiness: 'deployment_readiness.md',
} as const;

/**
 * Every phase 6 file by name, the readable ones rendered from the envelope's payload after its signature
 * was checked, so what a reader sees is exactly what was signed.
 */
export function evidenceOutputs(envelope: DsseEnvelope, publicKeyPem: string): Record<string, string> {
  const statement = openSignedStatement(envelope, publicKeyPem);
  const seal = { keyid: keyIdOf(publicKeyPem), publicKeyFile: EVIDENCE_FILES.publicKey };
  return {
    [EVIDENCE_FILES.statement]: canonicalJsonPretty(envelope),
    [EVIDENCE_FILES.publicKey]: publicKeyPem,
    [EVIDENCE_FILES.report]: renderEvidenceReport(statement, seal),
    [EVIDENCE_FILES.html]: renderEvidenceHtml(statement, seal),
    [EVIDENCE_FILES.extractionManifest]: renderExtractionManifest(statement),
    [EVIDENCE_FILES.deploymentReadiness]: renderDeploymentReadiness(statement),
  };
}
