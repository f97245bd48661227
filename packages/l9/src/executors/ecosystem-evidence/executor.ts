import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { agentEvidenceSchema, buildEvidenceStatement, evidenceOutputs, loadOrCreateEvidenceKey, signStatement, type AgentEvidence, type IntegrationCounts } from '../../evidence';
import { loadMetaTemplates } from '../../meta';
import type { LockedPlan } from '../../plan';
import { readText } from '../shared/project-files';

export interface EcosystemEvidenceOptions {
  /** Where the report goes, relative to the workspace; default `dist/l9/<project>/evidence`. */
  outputPath?: string;
}

function integrationCounts(root: string, projectRoot: string): Record<string, IntegrationCounts> {
  const text = readText(root, `${projectRoot}/.l9/integration.json`);
  if (text === null) return {};
  return (JSON.parse(text) as { by_source: Record<string, IntegrationCounts> }).by_source;
}

/**
 * `l9:evidence` for the ecosystem: gathers every agent's evidence, builds the statement (subjects: the
 * digest of every generated file; predicates: plan hash, gate counts, verdicts), signs it with Ed25519 and
 * renders the report, its HTML view, the extraction manifest and the deployment readiness from the signed JSON.
 */
export default async function ecosystemEvidenceExecutor(options: EcosystemEvidenceOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName!;
  const projectRoot = context.projectsConfigurations.projects[projectName]!.root;
  const root = context.root;
  const { meta, diagnostics } = loadMetaTemplates((rel) => readText(root, rel));
  if (!meta) {
    logger.error(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
    return { success: false };
  }
  const planText = readText(root, `${projectRoot}/plan.lock.json`);
  if (planText === null) {
    logger.error(`${projectRoot}/plan.lock.json is missing; regenerate the ecosystem with nx g l9:ecosystem`);
    return { success: false };
  }
  const plan = JSON.parse(planText) as LockedPlan;
  const agents: AgentEvidence[] = [];
  for (const agent of plan.agents) {
    const text = readText(root, `agents/${agent.id}/.l9/evidence.json`);
    if (text === null) {
      logger.error(`agents/${agent.id}/.l9/evidence.json is missing: run nx run ${agent.id}:evidence`);
      return { success: false };
    }
    agents.push(agentEvidenceSchema.parse(JSON.parse(text)));
  }
  const statement = buildEvidenceStatement({
    ecosystemId: projectName,
    plan,
    planFile: `${projectRoot}/plan.lock.json`,
    agents,
    integration: integrationCounts(root, projectRoot),
    checklist: meta.validationChecklist,
  });
  const key = loadOrCreateEvidenceKey({ env: process.env, workspaceRoot: root });
  const outputs = evidenceOutputs(signStatement(statement, key.privateKey), key.publicKeyPem);
  const outDir = join(root, options.outputPath ?? `dist/l9/${projectName}/evidence`);
  mkdirSync(outDir, { recursive: true });
  for (const [file, content] of Object.entries(outputs)) writeFileSync(join(outDir, file), content);
  const completion = statement.predicate.completion;
  const failures = [
    ...completion.failed_gates.map((g) => `${g.scope} ${g.gate} ${g.passed}/${g.total}`),
    ...completion.failed_checks.map((c) => `${c.scope} ${c.check}`),
  ];
  const summary = completion.complete ? 'complete: every gate passed' : `incomplete: ${failures.join('; ')}`;
  logger.info(`evidence ${projectName}: ${statement.subject.length} files signed (key ${key.keyid.slice(0, 12)}), ${summary}\nreport: ${join(outDir, 'evidence_report.md')}`);
  return { success: true };
}
