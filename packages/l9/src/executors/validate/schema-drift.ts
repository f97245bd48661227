import type { AgentSpec } from '../../schema';
import { generateAgent } from '../../generators/shared/generate-agent';
import { MANIFEST_FILE, parseManifest } from '../../generators/shared/manifest';
import type { LockedWorkspace } from '../../generators/shared/plan-in-tree';
import { readSchemaInputs } from '../../generators/shared/read-schema-inputs';
import { recordedSources } from '../../generators/shared/recorded-sources';
import { regenerateEcosystem } from '../../generators/shared/regenerate-ecosystem';
import type { WriteSummary } from '../../generators/shared/write-agent-project';
import { blocksGeneration, planEcosystem } from '../../plan/plan-ecosystem';
import { loadWorkspaceMeta } from '../../meta/workspace-meta';
import { planOptionsFromMeta } from '../../plan/plan-options-from-meta';
import type { SourcePosition } from '../../schema/yaml';
import { check, type CheckEvidence, type CheckResult } from '../shared/check-result';
import type { AgentProject } from '../shared/agent-project';
import { readText } from '../shared/project-files';
import { OverlayTree } from './overlay-tree';

const TITLE = 'the agent is what its recorded schema files generate';

/** Top-level keys whose values differ between the agent on disk and the one the schema files now make. */
function changedKeys(current: AgentSpec | null, regenerated: AgentSpec): string[] {
  const before = (current ?? {}) as Record<string, unknown>;
  const after = regenerated as unknown as Record<string, unknown>;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .sort();
}

/** The line of `key:` in the agent's definition (at or after where it starts), else the definition's own line. */
function lineOfKey(workspaceRoot: string, origin: SourcePosition, key: string): number {
  const lines = (readText(workspaceRoot, origin.file) ?? '').split(/\r?\n/);
  const pattern = new RegExp(`^\\s*(?:- )?["']?${key.replace(/[^A-Za-z0-9_]/g, '')}["']?\\s*:`, 'i');
  for (let index = Math.max(0, origin.line - 1); index < lines.length; index += 1)
    if (pattern.test(lines[index]!)) return index + 1;
  return origin.line;
}

/**
 * Whether regenerating the agent from the schema files its manifest records would change it: the plan is
 * locked and the agent rendered in memory (an Nx Tree over the workspace that is never written), with the
 * same code `l9:sync` and the generators run. Drift is named at the schema's file and line — the line of
 * each top-level key that changed, else where the agent is defined — with the files that would change.
 */
export function schemaDrift(project: AgentProject): CheckResult {
  const { workspaceRoot, projectRoot } = project;
  const manifest = parseManifest(readText(workspaceRoot, `${projectRoot}/${MANIFEST_FILE}`));
  const schemas = manifest?.schemas ?? [];
  if (!manifest || schemas.length === 0)
    return check(
      'schema-in-sync',
      1,
      TITLE,
      [],
      [
        {
          file: `${projectRoot}/${MANIFEST_FILE}`,
          detail: 'records no schema files: the agent was not generated from one',
        },
      ],
    );

  const tree = new OverlayTree(workspaceRoot);
  const loaded = loadWorkspaceMeta((rel) => tree.read(rel, 'utf-8'));
  if (!loaded.meta)
    return check(
      'schema-in-sync',
      1,
      TITLE,
      loaded.diagnostics.map((d) => ({ file: d.file, line: d.line, detail: d.message })),
    );
  const options = planOptionsFromMeta(loaded.meta);
  const inputs = readSchemaInputs(tree, schemas);
  const result = planEcosystem(inputs.files, options);
  const diagnostics = [...inputs.diagnostics, ...result.diagnostics];
  if (blocksGeneration(diagnostics, options.strict) || !result.plan) {
    const blocking = diagnostics.filter(
      (d) => d.severity === 'error' || (options.strict && d.severity === 'warning'),
    );
    return check(
      'schema-in-sync',
      1,
      TITLE,
      blocking.map((d) => ({
        file: d.file,
        line: d.line,
        detail: `${d.code} ${d.message}; the agent cannot be regenerated until the schema is fixed`,
      })),
    );
  }
  const spec = result.ecosystem.agents.find((a) => a.id === manifest.id);
  const origin = result.ecosystem.origins[manifest.agent] ?? { file: schemas[0]!, line: 1, column: 1 };
  if (!spec)
    return check('schema-in-sync', 1, TITLE, [
      {
        file: schemas[0]!,
        line: 1,
        detail: `the recorded schema files (${schemas.join(', ')}) no longer define ${manifest.agent}; regenerate the agent or delete the project`,
      },
    ]);

  const locked: LockedWorkspace = {
    meta: loaded.meta,
    result: { ...result, plan: result.plan },
    strict: options.strict,
  };
  const ecosystem = recordedSources(tree).ecosystems.find((e) => e.members.includes(manifest.id));
  let summary: WriteSummary;
  if (ecosystem) {
    const run = regenerateEcosystem(
      tree,
      { schemas: ecosystem.schemas, id: ecosystem.id, members: new Set([spec.name]), log: () => undefined },
      locked,
    );
    summary = run.projects[projectRoot] ?? { written: [], kept: [], removed: [] };
  } else {
    summary = generateAgent(tree, spec, result.plan, loaded.meta, manifest.port);
  }
  const files = [...summary.written, ...summary.removed].sort();
  const where = `${schemas.join(', ')}`;
  if (files.length === 0)
    return check(
      'schema-in-sync',
      1,
      TITLE,
      [],
      [{ file: origin.file, line: origin.line, detail: `${manifest.agent} matches what ${where} generate` }],
    );
  const keys = changedKeys(project.spec, spec);
  const because = `${projectRoot} differs from what ${where} generate (${files.join(', ')}); run nx sync (or regenerate) to bring it in line`;
  const problems: CheckEvidence[] =
    keys.length > 0
      ? keys.map((key) => ({
          file: origin.file,
          line: lineOfKey(workspaceRoot, origin, key),
          detail: `${manifest.agent}.${key} changed in the schema: ${because}`,
        }))
      : [{ file: origin.file, line: origin.line, detail: because }];
  return check('schema-in-sync', 1, TITLE, problems);
}
