import { logger, type ExecutorContext } from '@nx/devkit';
import { loadAgentProject, writeTargetReport } from '../shared/agent-project';
import { formatReport } from '../shared/check-result';
import { agentProjectNames } from '../shared/agent-project-names';
import { validateReport } from './validate-report';

/**
 * `l9:validate`: one JSON line per checklist item with its evidence; fails when any item fails, and when
 * regenerating the agent from its recorded schema files would change it (drift, named at the schema's line).
 */
export default async function validateExecutor(
  _options: Record<string, never>,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const project = loadAgentProject(context);
  const report = validateReport(project, agentProjectNames(context));
  writeTargetReport(project, report);
  (report.passed ? logger.info : logger.error)(formatReport(report));
  return { success: report.passed };
}
