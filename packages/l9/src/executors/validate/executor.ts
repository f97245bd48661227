import { logger, type ExecutorContext } from '@nx/devkit';
import { loadAgentProject, writeTargetReport } from '../shared/agent-project';
import { formatReport, type TargetReport } from '../shared/check-result';
import { agentProjectNames } from '../shared/agent-project-names';
import { schemaDrift } from './schema-drift';
import { validateChecks } from './validate-checks';

/**
 * `l9:validate`: one JSON line per checklist item with its evidence; fails when any item fails, and when
 * regenerating the agent from its recorded schema files would change it (drift, named at the schema's line).
 */
export default async function validateExecutor(_options: Record<string, never>, context: ExecutorContext): Promise<{ success: boolean }> {
  const project = loadAgentProject(context);
  const outcome = validateChecks(project, agentProjectNames(context));
  const checks = [...outcome.checks, schemaDrift(project)];
  const { markers } = outcome;
  const report: TargetReport = {
    format: 'l9/target-report@1',
    target: 'validate',
    agent: { id: project.spec?.id ?? project.projectName, name: project.spec?.name ?? project.projectName },
    passed: checks.every((c) => c.passed),
    checks,
    markers,
  };
  writeTargetReport(project, report);
  (report.passed ? logger.info : logger.error)(formatReport(report));
  return { success: report.passed };
}
