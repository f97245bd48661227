import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import {
  buildEvidenceStatement,
  evidenceOutputs,
  loadOrCreateEvidenceKey,
  signStatement,
  type AgentEvidence,
} from '../../evidence';
import { loadWorkspaceMeta } from '../../meta/workspace-meta';
import type { LockedPlan } from '../../plan';
import { buildAgentEvidence } from '../evidence/build-agent-evidence';
import { forgetTestResults, runTestTargets } from '../verify/run-test-targets';
import { loadAgentProject } from '../shared/agent-project';
import { agentProjectNames } from '../shared/agent-project-names';
import { readText } from '../shared/project-files';
import { forgetMatrixResults, readMatrixResults } from './matrix-results';
import { planChecks } from './plan-checks';

export interface EcosystemEvidenceOptions {
  /** Where the report goes, relative to the workspace; default `dist/l9/<project>/evidence`. */
  outputPath?: string;
  /** The agents' test target (the plugin sets it from its testTargetName option). Default `test`. */
  testTarget?: string;
}

/** The ecosystem's target that runs the integration matrix (see plugin/integration-targets.ts). */
const INTEGRATION_TARGET = 'integration';

/**
 * `l9:ecosystem-evidence`: runs every member's tests and the integration matrix through Nx (cached like any
 * other run; a failure is a result, not a stop), checks each member as validate and verify do, recomputes
 * the plan from its schema files, builds the statement (subjects: the digest of every file; predicates: plan
 * hash, gate counts, verdicts), signs it with Ed25519 and renders the report, its HTML view, the extraction
 * manifest and the deployment readiness from the signed JSON. Exits 1, with everything written, when the
 * ecosystem is not complete; the report's last section says what failed.
 */
export default async function ecosystemEvidenceExecutor(
  options: EcosystemEvidenceOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const projectName = context.projectName!;
  const projectRoot = context.projectsConfigurations.projects[projectName]!.root;
  const root = context.root;
  const { meta, diagnostics } = loadWorkspaceMeta((rel) => readText(root, rel));
  if (!meta) {
    logger.error(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
    return { success: false };
  }
  const planFile = `${projectRoot}/plan.lock.json`;
  const planText = readText(root, planFile);
  if (planText === null) {
    logger.error(`${planFile} is missing; regenerate the ecosystem with nx g l9:ecosystem`);
    return { success: false };
  }
  const plan = JSON.parse(planText) as LockedPlan;
  const unknown = plan.agents.filter((a) => !context.projectsConfigurations.projects[a.id]).map((a) => a.id);
  if (unknown.length > 0) {
    logger.error(
      `${planFile} plans ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is not a project' : 'are not projects'} of this workspace; regenerate the ecosystem with nx g l9:ecosystem`,
    );
    return { success: false };
  }
  const members = plan.agents.map((a) => a.id);
  forgetTestResults(
    root,
    members.map((id) => context.projectsConfigurations.projects[id]!.root),
  );
  forgetMatrixResults(root, projectRoot);
  const run = await runTestTargets(root, options.testTarget, members, {
    targets: [INTEGRATION_TARGET],
    projects: [projectName],
  });

  const agentProjects = agentProjectNames(context);
  const agents: AgentEvidence[] = [];
  const unreadable: string[] = [];
  for (const id of members) {
    try {
      agents.push(buildAgentEvidence(loadAgentProject({ ...context, projectName: id }), agentProjects));
    } catch (error) {
      unreadable.push(`${id}: ${(error as Error).message}`);
    }
  }
  if (unreadable.length > 0) {
    logger.error(
      `evidence ${projectName}: no report, since these agents cannot be read:\n${unreadable.map((u) => `  ${u}`).join('\n')}`,
    );
    return { success: false };
  }
  const matrix = readMatrixResults(root, projectRoot);
  const statement = buildEvidenceStatement({
    ecosystemId: projectName,
    plan,
    planFile,
    agents,
    integration: matrix.bySource,
    matrix,
    ecosystemChecks: planChecks(root, planFile, plan, meta),
    checklist: meta.validationChecklist,
  });
  const key = loadOrCreateEvidenceKey({ env: process.env, workspaceRoot: root });
  const outputs = evidenceOutputs(signStatement(statement, key.privateKey), key.publicKeyPem);
  const outDir = join(root, options.outputPath ?? `dist/l9/${projectName}/evidence`);
  mkdirSync(outDir, { recursive: true });
  for (const [file, content] of Object.entries(outputs)) writeFileSync(join(outDir, file), content);
  const completion = statement.predicate.completion;
  const failures = [
    ...completion.failed_gates.map((g) => `gate ${g.gate} of ${g.scope}: ${g.passed}/${g.total}`),
    ...completion.failed_checks.map((c) => `check ${c.check} (phase ${c.phase}) of ${c.scope}`),
  ];
  // The gates and checks decide (a failed test within the tests gate fails its test task, and so the nested
  // run, but is named in the report rather than failing it); how the nested run ended is said beside them.
  const summary = completion.complete
    ? 'complete: every gate and check passed'
    : `NOT complete: ${failures.join('; ')}`;
  const ran = run.ok ? '' : ` (${run.detail})`;
  (completion.complete ? logger.info : logger.error)(
    `evidence ${projectName}: ${statement.subject.length} files signed (key ${key.keyid.slice(0, 12)}), ${summary}${ran}\nreport: ${join(outDir, 'evidence_report.md')}`,
  );
  return { success: completion.complete };
}
