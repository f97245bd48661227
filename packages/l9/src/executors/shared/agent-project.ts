import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { parse } from 'yaml';
import type { MetaTemplates } from '../../meta/meta-templates';
import { loadWorkspaceMeta } from '../../meta/workspace-meta';
import { agentSpecSchema, type AgentSpec } from '../../schema';
import { readText } from './project-files';
import type { TargetReport } from './check-result';

export interface AgentProject {
  workspaceRoot: string;
  projectName: string;
  /** Workspace-relative, POSIX. */
  projectRoot: string;
  /** Null when agent.yaml does not hold a valid normalized agent (the validate target reports why). */
  spec: AgentSpec | null;
  specProblems: string[];
  meta: MetaTemplates;
}

/** The project an executor runs for, its normalized schema and the workspace's meta templates. */
export function loadAgentProject(context: ExecutorContext): AgentProject {
  const projectName = context.projectName;
  if (!projectName) throw new Error('the l9 executors run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName]!.root;
  const { meta, diagnostics } = loadWorkspaceMeta((rel) => readText(context.root, rel));
  if (!meta)
    throw new Error(
      `the meta templates do not load:\n${diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n')}`,
    );
  const text = readText(context.root, `${projectRoot}/agent.yaml`);
  let spec: AgentSpec | null = null;
  const specProblems: string[] = [];
  if (text === null) {
    specProblems.push('agent.yaml is missing');
  } else {
    const parsed = agentSpecSchema.safeParse(parse(text));
    if (parsed.success) spec = parsed.data;
    else
      specProblems.push(...parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return { workspaceRoot: context.root, projectName, projectRoot, spec, specProblems, meta };
}

/** Writes a target's JSON result where the inferred target declares its output. */
export function writeTargetReport(project: AgentProject, report: TargetReport): string {
  const path = join(project.workspaceRoot, project.projectRoot, '.l9', `${report.target}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
