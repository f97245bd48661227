import { join } from 'node:path';
import { fileSha256, MANIFEST_FILE, parseManifest } from '../../generators/shared/manifest';
import { toKebabCase } from '../../schema';
import { check, type CheckEvidence, type CheckResult } from '../shared/check-result';
import type { AgentProject } from '../shared/agent-project';
import { lineOf, listProjectFiles, readText } from '../shared/project-files';
import { scanForbiddenMarkers } from '../shared/scan-markers';

export interface ValidateOutcome {
  checks: CheckResult[];
  markers: { found: number; files_scanned: number; files_with_markers: number };
}

/** Phases 1 and 3 for one agent project: every check, passed or not, with its evidence. */
export function validateChecks(project: AgentProject, agentProjects: ReadonlySet<string>): ValidateOutcome {
  const { projectRoot: root, workspaceRoot } = project;
  const yaml = `${root}/agent.yaml`;
  const results: CheckResult[] = [
    check(
      'schema',
      1,
      'agent.yaml holds a valid normalized agent',
      project.specProblems.map((p) => ({ file: yaml, detail: p })),
      [{ file: yaml, detail: 'matches the agent schema' }],
    ),
  ];
  const spec = project.spec;
  if (!spec) return { checks: results, markers: { found: 0, files_scanned: 0, files_with_markers: 0 } };
  const yamlText = readText(workspaceRoot, yaml) ?? '';

  const missingDeps: CheckEvidence[] = [...spec.depends_on.hard, ...spec.depends_on.soft]
    .filter(
      (dep) =>
        !agentProjects.has(toKebabCase(dep)) &&
        !spec.linkexisting.some(
          (l) =>
            l === dep ||
            l
              .split('/')
              .pop()
              ?.replace(/\.[^.]+$/, '') === dep,
        ),
    )
    .map((dep) => ({
      file: yaml,
      line: lineOf(yamlText, `- ${dep}`),
      detail: `dependency ${dep} is neither an agent project of this workspace nor in linkexisting`,
    }));
  results.push(
    check('dependencies', 1, 'every dependency and link target exists', missingDeps, [
      {
        file: yaml,
        detail: `${spec.depends_on.hard.length + spec.depends_on.soft.length} dependencies resolved`,
      },
    ]),
  );

  const expected = [
    ...spec.modules.flatMap((m) => [`src/modules/${m.name}.ts`, `src/modules/${m.name}.spec.ts`]),
    ...spec.docs.map((d) => `docs/${d.file}`),
    'manifest.json',
  ];
  const missingFiles = expected
    .filter((f) => readText(workspaceRoot, `${root}/${f}`) === null)
    .map((f) => ({ file: `${root}/${f}`, detail: 'planned by the schema but missing' }));
  results.push(
    check('planned-files', 3, 'every generatefiles and generatedocs entry produced', missingFiles, [
      { file: `${root}/manifest.json`, detail: `${expected.length} planned files present` },
    ]),
  );

  const manifest = parseManifest(readText(workspaceRoot, `${root}/${MANIFEST_FILE}`))?.files ?? [];
  const edited: CheckEvidence[] = [];
  for (const entry of manifest.filter((e) => e.ownership === 'generated')) {
    const actual = fileSha256(join(workspaceRoot, root, entry.path));
    if (actual === null) {
      edited.push({ file: `${root}/${entry.path}`, detail: 'listed in manifest.json but missing' });
      continue;
    }
    if (actual !== entry.sha256)
      edited.push({
        file: `${root}/${entry.path}`,
        detail:
          'generated file edited by hand (digest differs from manifest.json); regenerate, or move the change into a domain module',
      });
  }
  results.push(
    check('generated-unchanged', 3, 'generated files are as l9 wrote them', edited, [
      { file: `${root}/manifest.json`, detail: `${manifest.length} digests match` },
    ]),
  );

  const { scanned, hits } = scanForbiddenMarkers(
    workspaceRoot,
    listProjectFiles(workspaceRoot, root),
    project.meta.validationChecklist,
  );
  results.push(
    check('forbidden-markers', 3, 'no TODO, FIXME, placeholder or "not implemented" anywhere', hits, [
      { file: root, detail: `${scanned} files scanned` },
    ]),
  );

  const wiringFile = `${root}/src/generated/wiring.ts`;
  const wiring = readText(workspaceRoot, wiringFile) ?? '';
  const configFile = `${root}/src/generated/config.ts`;
  const config = readText(workspaceRoot, configFile) ?? '';
  const enforcement: CheckEvidence[] = [];
  const proof: CheckEvidence[] = [];
  const serveLine = lineOf(wiring, 'serveAgent(runtime');
  if (serveLine === undefined)
    enforcement.push({
      file: wiringFile,
      detail:
        'the agent is not served through serveAgent, which enforces input validation, size limits, rate limits, audit and governance',
    });
  else
    proof.push({
      file: wiringFile,
      line: serveLine,
      detail: 'serveAgent: payload validation, size and rate limits, audit log, governance gate',
    });
  for (const anchor of spec.governance.anchors) {
    const line = lineOf(config, JSON.stringify(anchor));
    if (line === undefined)
      enforcement.push({ file: configFile, detail: `governance anchor ${anchor} is not wired` });
    else proof.push({ file: configFile, line, detail: `escalates to ${anchor}` });
  }
  results.push(
    check(
      'enforcement',
      3,
      'input validation, output bounds, rate limits, audit and governance bridge wired',
      enforcement,
      proof,
    ),
  );
  return {
    checks: results,
    markers: {
      found: hits.length,
      files_scanned: scanned,
      files_with_markers: new Set(hits.map((h) => h.file)).size,
    },
  };
}
