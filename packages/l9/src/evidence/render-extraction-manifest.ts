import { canonicalJsonPretty } from '../plan/plan-lock-format';
import type { EvidenceStatement } from './evidence-statement';

export const EXTRACTION_MANIFEST_FORMAT = 'l9/extraction-manifest@1';

/** `extraction_manifest.json`: every agent with its place in the plan and every file with its digest. */
export function renderExtractionManifest(statement: EvidenceStatement): string {
  const p = statement.predicate;
  return canonicalJsonPretty({
    format: EXTRACTION_MANIFEST_FORMAT,
    ecosystem: p.ecosystem,
    plan_hash: p.plan_hash,
    complete: p.completion.complete,
    subjects: statement.subject.length,
    agents: p.agents.map((a) => ({
      id: a.id,
      name: a.name,
      version: a.version,
      wave: a.wave,
      port: a.port,
      spec_sha256: a.spec_sha256,
      files: a.files.map((f) => ({
        path: f.path,
        sha256: f.sha256,
        ownership: f.ownership,
        ...(f.ownership === 'user' ? { default: f.default } : {}),
      })),
    })),
  });
}
