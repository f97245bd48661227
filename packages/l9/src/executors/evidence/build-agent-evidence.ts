import { join } from 'node:path';
import { fileSha256, MANIFEST_FILE, parseManifest, type ManifestFile } from '../../generators/shared/manifest';
import { AGENT_EVIDENCE_FORMAT, agentEvidenceSchema, type AgentEvidence } from '../../evidence';
import type { AgentProject } from '../shared/agent-project';
import type { TargetReport } from '../shared/check-result';
import { readText } from '../shared/project-files';

function readReport(project: AgentProject, target: 'validate' | 'verify'): TargetReport {
  const text = readText(project.workspaceRoot, `${project.projectRoot}/.l9/${target}.json`);
  if (text === null) throw new Error(`${project.projectRoot}/.l9/${target}.json is missing: run the ${target} target first (evidence depends on it)`);
  return JSON.parse(text) as TargetReport;
}

/**
 * One agent's evidence: the digests of its files as they are on disk now, the counts its validate and
 * verify targets measured, their verdicts, and which domain modules still hold l9's default.
 */
export function buildAgentEvidence(project: AgentProject): AgentEvidence {
  const spec = project.spec;
  if (!spec) throw new Error(`${project.projectRoot}/agent.yaml is not a valid agent; run the validate target`);
  const validate = readReport(project, 'validate');
  const verify = readReport(project, 'verify');
  const manifest = parseManifest(readText(project.workspaceRoot, `${project.projectRoot}/${MANIFEST_FILE}`));
  if (manifest === null) throw new Error(`${project.projectRoot}/${MANIFEST_FILE} is missing or unreadable; regenerate the agent`);
  const files = manifest.files
    .map((entry) => ({ entry, actual: fileSha256(join(project.workspaceRoot, project.projectRoot, entry.path)) }))
    .filter((f): f is { entry: ManifestFile; actual: string } => f.actual !== null)
    .map(({ entry, actual }) => ({
      path: `${project.projectRoot}/${entry.path}`,
      sha256: actual,
      ownership: entry.ownership,
      default: entry.ownership === 'user' && actual === entry.sha256,
    }));
  // The manifest lists every other file; it is itself a generated file of the plan.
  const manifestDigest = fileSha256(join(project.workspaceRoot, project.projectRoot, MANIFEST_FILE));
  if (manifestDigest) files.push({ path: `${project.projectRoot}/${MANIFEST_FILE}`, sha256: manifestDigest, ownership: 'generated', default: false });
  const defaults = new Set(files.filter((f) => f.default).map((f) => f.path));
  const evidence = {
    format: AGENT_EVIDENCE_FORMAT,
    agent: { id: spec.id, name: spec.name, version: spec.version },
    spec_sha256: manifest.spec_sha256,
    files,
    gates: {
      tests: { passed: verify.gates?.['tests']?.passed ?? 0, total: verify.gates?.['tests']?.total ?? 0 },
      coverage_lines: { covered: verify.gates?.['coverage']?.passed ?? 0, total: verify.gates?.['coverage']?.total ?? 0 },
      forbidden_markers: validate.markers ?? { found: 0, files_scanned: 0, files_with_markers: 0 },
    },
    verdicts: [...validate.checks, ...verify.checks],
    domain_modules_with_default: spec.modules.filter((m) => defaults.has(`${project.projectRoot}/src/modules/${m.name}.ts`)).map((m) => m.name),
    governance: { mode: spec.governance.mode, anchors: spec.governance.anchors, human_override: spec.governance.humanoverride, audit_scope: spec.governance.auditscope },
  };
  return agentEvidenceSchema.parse(evidence);
}
