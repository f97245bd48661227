import type { AgentProject } from '../shared/agent-project';
import type { TargetReport } from '../shared/check-result';
import { schemaDrift } from './schema-drift';
import { validateChecks } from './validate-checks';

/**
 * The validate report of an agent: one item per checklist check with its evidence, and whether regenerating
 * the agent from its recorded schema files would change it. Writes nothing; the evidence executors build it too.
 */
export function validateReport(project: AgentProject, agentProjects: ReadonlySet<string>): TargetReport {
  const outcome = validateChecks(project, agentProjects);
  const checks = [...outcome.checks, schemaDrift(project)];
  return {
    format: 'l9/target-report@1',
    target: 'validate',
    agent: { id: project.spec?.id ?? project.projectName, name: project.spec?.name ?? project.projectName },
    passed: checks.every((c) => c.passed),
    checks,
    markers: outcome.markers,
  };
}
