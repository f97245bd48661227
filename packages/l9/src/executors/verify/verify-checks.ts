import { check, type CheckEvidence, type CheckResult } from '../shared/check-result';
import type { AgentProject } from '../shared/agent-project';
import { lineOf, listProjectFiles, readText } from '../shared/project-files';
import { GeneratedValuesError, generatedExports } from './generated-values';
import { findImportCycles } from './import-cycles';

interface ContractEndpoint {
  name: string;
  path: string;
  method: string;
}

/** A named export of a generated module, or the reason it cannot be read (the file, the evaluation, the export). */
function exported<T>(
  workspaceRoot: string,
  file: string,
  name: string,
  valid: (value: unknown) => value is T,
): { value: T } | { problem: string } {
  try {
    const value = generatedExports(workspaceRoot, file)[name];
    return valid(value) ? { value } : { problem: `exports no ${name} of the expected shape` };
  } catch (error) {
    if (error instanceof GeneratedValuesError) return { problem: error.message };
    throw error;
  }
}

const isEndpointTable = (value: unknown): value is ContractEndpoint[] =>
  Array.isArray(value) &&
  value.every(
    (e) => typeof e?.name === 'string' && typeof e?.path === 'string' && typeof e?.method === 'string',
  );

interface WiredBlueprint {
  governance?: { anchors?: unknown };
  memory?: { keyspace?: unknown };
}

const isBlueprint = (value: unknown): value is WiredBlueprint => typeof value === 'object' && value !== null;

/** The path as a string literal in either quote, so '/a/v6/score' does not find '/a/v6/scores'. */
const quoted = (text: string) => new RegExp(`['"\`]${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`);

/** Phase 5: the code against its schema — routes, modules, governance, memory, imports. */
export function recursiveVerification(project: AgentProject): CheckResult[] {
  const spec = project.spec!;
  const { workspaceRoot, projectRoot: root } = project;
  const yaml = `${root}/agent.yaml`;
  const yamlText = readText(workspaceRoot, yaml) ?? '';
  const contractFile = `${root}/src/generated/contract.ts`;
  const contractText = readText(workspaceRoot, contractFile) ?? '';
  // What the agent serves: the `endpoints` value contract.ts exports, read by evaluating it, not by its layout.
  const table = exported(workspaceRoot, contractFile, 'endpoints', isEndpointTable);
  const routed = 'value' in table ? table.value : null;
  const results: CheckResult[] = [];

  const routeProblems: CheckEvidence[] = [];
  if ('problem' in table)
    routeProblems.push({ file: contractFile, detail: `no endpoint table: ${table.problem}` });
  const declared = new Set(spec.endpoints.map((e) => `${e.method} ${e.path}`));
  const served = new Set((routed ?? []).map((e) => `${e.method} ${e.path}`));
  for (const e of spec.endpoints)
    if (routed && !served.has(`${e.method} ${e.path}`))
      routeProblems.push({
        file: yaml,
        line: lineOf(yamlText, `path: ${e.path}`),
        detail: `${e.method} ${e.path} (${e.name}) is declared but not routed`,
      });
  for (const e of routed ?? [])
    if (!declared.has(`${e.method} ${e.path}`))
      routeProblems.push({
        file: contractFile,
        line: lineOf(contractText, quoted(e.path)),
        detail: `${e.method} ${e.path} is routed but the schema does not declare it (scope drift)`,
      });
  results.push(
    check('endpoints-routed', 5, 'every declared endpoint routed, no undeclared route', routeProblems, [
      { file: contractFile, detail: `${served.size} routes match the schema` },
    ]),
  );

  const moduleFiles = listProjectFiles(workspaceRoot, `${root}/src/modules`).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'),
  );
  const expectedModules = new Set(spec.modules.map((m) => `${root}/src/modules/${m.name}.ts`));
  const moduleProblems: CheckEvidence[] = [
    ...[...expectedModules]
      .filter((f) => !moduleFiles.includes(f))
      .map((f) => ({ file: f, detail: 'declared in generatefiles but missing' })),
    ...moduleFiles
      .filter((f) => !expectedModules.has(f))
      .map((f) => ({
        file: f,
        line: 1,
        detail: 'module the schema does not declare (scope drift): add it to generatefiles or remove it',
      })),
  ];
  results.push(
    check('modules-match', 5, 'every module present, none undeclared', moduleProblems, [
      { file: `${root}/src/modules`, detail: `${moduleFiles.length} modules match generatefiles` },
    ]),
  );

  const configFile = `${root}/src/generated/config.ts`;
  const config = readText(workspaceRoot, configFile) ?? '';
  // What the agent starts with: the `blueprint` value config.ts exports.
  const wired = exported(workspaceRoot, configFile, 'blueprint', isBlueprint);
  const blueprint = 'value' in wired ? wired.value : {};
  const wiredAnchors = blueprint.governance?.anchors ?? [];
  const governanceProblems: CheckEvidence[] =
    'problem' in wired
      ? [{ file: configFile, detail: `no blueprint: ${wired.problem}` }]
      : JSON.stringify(wiredAnchors) === JSON.stringify(spec.governance.anchors)
        ? []
        : [
            {
              file: configFile,
              line: lineOf(config, 'anchors'),
              detail: `anchors wired ${JSON.stringify(wiredAnchors)} differ from the schema's ${JSON.stringify(spec.governance.anchors)}`,
            },
          ];
  results.push(
    check('governance-anchors', 5, 'governance escalates to exactly the schema anchors', governanceProblems, [
      { file: configFile, line: lineOf(config, 'anchors'), detail: spec.governance.anchors.join(', ') },
    ]),
  );

  const working = spec.memory.find((m) => m.layer === 'workingmemory');
  const keyspace = blueprint.memory?.keyspace;
  const memoryProblems =
    working?.keyspace && keyspace !== working.keyspace
      ? [
          {
            file: configFile,
            line: lineOf(config, 'keyspace'),
            detail: `working-memory keyspace ${typeof keyspace === 'string' ? keyspace : '(none)'} differs from the schema's ${working.keyspace}`,
          },
        ]
      : [];
  results.push(
    check('memory-topology', 5, 'memory topology wired as the schema declares', memoryProblems, [
      { file: configFile, detail: `${spec.memory.length} layers declared` },
    ]),
  );

  const sources = listProjectFiles(workspaceRoot, `${root}/src`).filter((f) => f.endsWith('.ts'));
  const cycles = findImportCycles(workspaceRoot, sources);
  const cycleProblems = cycles.map((cycle) => ({
    file: cycle.path[0]!,
    line: cycle.line,
    detail: `import cycle: ${cycle.path.join(' -> ')}`,
  }));
  results.push(
    check('no-import-cycles', 5, 'no circular imports inside the agent or between agents', cycleProblems, [
      { file: `${root}/src`, detail: `${sources.length} files, no cycle` },
    ]),
  );
  return results;
}
