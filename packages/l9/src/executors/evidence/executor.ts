import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { loadAgentProject } from '../shared/agent-project';
import { agentProjectNames } from '../shared/agent-project-names';
import { buildAgentEvidence, failedVerdicts } from './build-agent-evidence';
import { forgetTestResults, runTestTargets } from '../verify/run-test-targets';

export interface EvidenceOptions {
  /** The agents' test target (the plugin sets it from its testTargetName option). Default `test`. */
  testTarget?: string;
}

/**
 * `l9:evidence` for an agent: runs its test target through Nx (cached like any other run), checks it as
 * validate and verify do, and writes `<project>/.l9/evidence.json` with what passed and what failed. Fails,
 * with the file written, when a check failed; only a project it cannot read at all leaves no file.
 */
export default async function evidenceExecutor(
  options: EvidenceOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const project = loadAgentProject(context);
  try {
    forgetTestResults(project.workspaceRoot, [project.projectRoot]);
    const testRun = await runTestTargets(project.workspaceRoot, options.testTarget, [project.projectName]);
    const evidence = buildAgentEvidence(project, agentProjectNames(context));
    const path = join(project.workspaceRoot, project.projectRoot, '.l9', 'evidence.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(evidence, null, 2)}\n`);
    const failed = failedVerdicts(evidence);
    const summary = `evidence ${evidence.agent.id}: ${evidence.files.length} files, tests ${evidence.gates.tests.passed}/${evidence.gates.tests.total}, lines ${evidence.gates.coverage_lines.covered}/${evidence.gates.coverage_lines.total}`;
    // The checks decide, as verify's do: a failed test within the tests gate fails the test task (and so the
    // nested run) but not the evidence, which names it; a test run that recorded nothing fails the tests check.
    const ran = testRun.ok ? '' : ` (${testRun.detail})`;
    if (failed.length === 0) {
      logger.info(`${summary}, every check passed${ran}\n${path}`);
      return { success: true };
    }
    logger.error([`${summary}, FAILED:`, ...failed.map((f) => `  ${f}`), `${path}${ran}`].join('\n'));
    return { success: false };
  } catch (error) {
    logger.error(`evidence ${project.projectName}: ${(error as Error).message}`);
    return { success: false };
  }
}
