import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { loadAgentProject } from '../shared/agent-project';
import { buildAgentEvidence } from './build-agent-evidence';

/** `l9:evidence` for an agent: writes `<project>/.l9/evidence.json` from its validate and verify results. */
export default async function evidenceExecutor(_options: Record<string, never>, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = loadAgentProject(context);
  try {
    const evidence = buildAgentEvidence(project);
    const path = join(project.workspaceRoot, project.projectRoot, '.l9', 'evidence.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(evidence, null, 2)}\n`);
    const failed = evidence.verdicts.filter((v) => !v.passed).map((v) => v.id);
    logger.info(`evidence ${evidence.agent.id}: ${evidence.files.length} files, tests ${evidence.gates.tests.passed}/${evidence.gates.tests.total}, lines ${evidence.gates.coverage_lines.covered}/${evidence.gates.coverage_lines.total}${failed.length ? `, failed checks: ${failed.join(', ')}` : ''}`);
    return { success: true };
  } catch (error) {
    logger.error(`evidence ${project.projectName}: ${(error as Error).message}`);
    return { success: false };
  }
}
