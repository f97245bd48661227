import { join } from 'node:path';
import { fileSha256, MANIFEST_FILE, parseManifest } from '../../generators/shared/manifest';
import {
  AGENT_EVIDENCE_FORMAT,
  agentEvidenceSchema,
  type AgentEvidence,
  type EvidenceFile,
} from '../../evidence';
import type { AgentProject } from '../shared/agent-project';
import { check, type CheckResult } from '../shared/check-result';
import { listProjectFiles, readText } from '../shared/project-files';
import { validateReport } from '../validate/validate-report';
import { verifyReport } from '../verify/executor';

type ValidAgent = AgentProject & { spec: NonNullable<AgentProject['spec']> };

/**
 * Every file of the project as it is on disk now, each with its digest: what the signed statement covers.
 * Ownership is the manifest's; a file the manifest does not list (one the user added) is user-owned, so it is
 * covered too. A file the manifest lists that is gone cannot be covered: the phase 6 check names it.
 */
function projectFiles(project: ValidAgent): {
  specSha256: string;
  files: EvidenceFile[];
  coverage: CheckResult;
} {
  const { workspaceRoot, projectRoot } = project;
  const manifestPath = `${projectRoot}/${MANIFEST_FILE}`;
  const manifest = parseManifest(readText(workspaceRoot, manifestPath));
  if (manifest === null) throw new Error(`${manifestPath} is missing or unreadable; regenerate the agent`);
  const listed = new Map(manifest.files.map((entry) => [`${projectRoot}/${entry.path}`, entry]));
  const files: EvidenceFile[] = [];
  for (const path of listProjectFiles(workspaceRoot, projectRoot)) {
    const sha256 = fileSha256(join(workspaceRoot, path));
    if (sha256 === null) continue;
    const entry = listed.get(path);
    // The manifest lists every other file; it is itself a generated file of the plan.
    const ownership = entry?.ownership ?? (path === manifestPath ? 'generated' : 'user');
    files.push({ path, sha256, ownership, default: entry?.ownership === 'user' && entry.sha256 === sha256 });
  }
  const present = new Set(files.map((f) => f.path));
  const gone = [...listed.keys()].filter((path) => !present.has(path));
  const added = files.filter((f) => f.path !== manifestPath && !listed.has(f.path)).length;
  const coverage = check(
    'every-file-covered',
    6,
    'every file of the agent is a subject of the signed statement',
    gone.map((file) => ({
      file,
      detail: `listed in ${MANIFEST_FILE} but absent, so no digest of it can be signed`,
    })),
    [
      {
        file: projectRoot,
        detail: `${files.length} files digested${added > 0 ? `, ${added} of them not in ${MANIFEST_FILE} (covered as user-owned)` : ''}`,
      },
    ],
  );
  return { specSha256: manifest.spec_sha256, files, coverage };
}

/**
 * One agent's evidence: the digests of its files as they are on disk now, the counts the validate and
 * verify checks measure (verify's over the results its test target recorded), their verdicts, and which
 * domain modules still hold l9's default. The checks run here, in this process, rather than being read from
 * the validate and verify targets' results: those targets fail when a check fails, and Nx would then skip
 * the evidence task instead of letting it report the failure (see verify/run-nx-tasks.ts).
 */
export function buildAgentEvidence(project: AgentProject, agentProjects: ReadonlySet<string>): AgentEvidence {
  const spec = project.spec;
  if (!spec)
    throw new Error(
      `${project.projectRoot}/agent.yaml is not a valid agent (${project.specProblems.join('; ')}); run its validate target for details`,
    );
  const agent: ValidAgent = { ...project, spec };
  const validate = validateReport(agent, agentProjects);
  const verify = verifyReport(agent);
  const { specSha256, files, coverage } = projectFiles(agent);
  const defaults = new Set(files.filter((f) => f.default).map((f) => f.path));
  const evidence = {
    format: AGENT_EVIDENCE_FORMAT,
    agent: { id: spec.id, name: spec.name, version: spec.version },
    spec_sha256: specSha256,
    files,
    gates: {
      tests: { passed: verify.gates?.['tests']?.passed ?? 0, total: verify.gates?.['tests']?.total ?? 0 },
      coverage_lines: {
        covered: verify.gates?.['coverage']?.passed ?? 0,
        total: verify.gates?.['coverage']?.total ?? 0,
      },
      forbidden_markers: validate.markers ?? { found: 0, files_scanned: 0, files_with_markers: 0 },
    },
    verdicts: [...validate.checks, ...verify.checks, coverage],
    domain_modules_with_default: spec.modules
      .filter((m) => defaults.has(`${project.projectRoot}/src/modules/${m.name}.ts`))
      .map((m) => m.name),
    governance: {
      mode: spec.governance.mode,
      anchors: spec.governance.anchors,
      human_override: spec.governance.humanoverride,
      audit_scope: spec.governance.auditscope,
    },
  };
  return agentEvidenceSchema.parse(evidence);
}

/** The checks of an agent's evidence that failed, as `id (phase N): file:line: detail` lines. */
export function failedVerdicts(evidence: AgentEvidence): string[] {
  return evidence.verdicts
    .filter((v) => !v.passed)
    .map(
      (v) =>
        `${v.id} (phase ${v.phase}): ${v.evidence.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.detail}`).join('; ')}`,
    );
}
