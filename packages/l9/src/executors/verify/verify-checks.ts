import { check, type CheckEvidence, type CheckResult } from '../shared/check-result';
import type { AgentProject } from '../shared/agent-project';
import { lineOf, listProjectFiles, readText } from '../shared/project-files';
import { findImportCycles } from './import-cycles';

interface ContractEndpoint {
  name: string;
  path: string;
  method: string;
}

/** The endpoint table of the generated contract: the JSON literal after `endpoints … =`. */
function contractEndpoints(text: string): ContractEndpoint[] | null {
  const match = /export const endpoints[^=]*=\s*(\[[\s\S]*?\]);/.exec(text);
  if (!match) return null;
  try {
    return JSON.parse(match[1]!) as ContractEndpoint[];
  } catch {
    return null;
  }
}

/** Phase 5: the code against its schema — routes, modules, governance, memory, imports. */
export function recursiveVerification(project: AgentProject): CheckResult[] {
  const spec = project.spec!;
  const { workspaceRoot, projectRoot: root } = project;
  const yaml = `${root}/agent.yaml`;
  const yamlText = readText(workspaceRoot, yaml) ?? '';
  const contractFile = `${root}/src/generated/contract.ts`;
  const contractText = readText(workspaceRoot, contractFile) ?? '';
  const routed = contractEndpoints(contractText);
  const results: CheckResult[] = [];

  const routeProblems: CheckEvidence[] = [];
  if (!routed) routeProblems.push({ file: contractFile, detail: 'no endpoint table found' });
  const declared = new Set(spec.endpoints.map((e) => `${e.method} ${e.path}`));
  const served = new Set((routed ?? []).map((e) => `${e.method} ${e.path}`));
  for (const e of spec.endpoints) if (routed && !served.has(`${e.method} ${e.path}`)) routeProblems.push({ file: yaml, line: lineOf(yamlText, `path: ${e.path}`), detail: `${e.method} ${e.path} (${e.name}) is declared but not routed` });
  for (const e of routed ?? []) if (!declared.has(`${e.method} ${e.path}`)) routeProblems.push({ file: contractFile, line: lineOf(contractText, `"path": "${e.path}"`), detail: `${e.method} ${e.path} is routed but the schema does not declare it (scope drift)` });
  results.push(check('endpoints-routed', 5, 'every declared endpoint routed, no undeclared route', routeProblems, [{ file: contractFile, detail: `${served.size} routes match the schema` }]));

  const moduleFiles = listProjectFiles(workspaceRoot, `${root}/src/modules`).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
  const expectedModules = new Set(spec.modules.map((m) => `${root}/src/modules/${m.name}.ts`));
  const moduleProblems: CheckEvidence[] = [
    ...[...expectedModules].filter((f) => !moduleFiles.includes(f)).map((f) => ({ file: f, detail: 'declared in generatefiles but missing' })),
    ...moduleFiles.filter((f) => !expectedModules.has(f)).map((f) => ({ file: f, line: 1, detail: 'module the schema does not declare (scope drift): add it to generatefiles or remove it' })),
  ];
  results.push(check('modules-match', 5, 'every module present, none undeclared', moduleProblems, [{ file: `${root}/src/modules`, detail: `${moduleFiles.length} modules match generatefiles` }]));

  const configFile = `${root}/src/generated/config.ts`;
  const config = readText(workspaceRoot, configFile) ?? '';
  const anchorsMatch = /"anchors": (\[[^\]]*\])/.exec(config);
  const wiredAnchors = anchorsMatch ? (JSON.parse(anchorsMatch[1]!) as string[]) : [];
  const governanceProblems = JSON.stringify(wiredAnchors) === JSON.stringify(spec.governance.anchors) ? [] : [{ file: configFile, line: lineOf(config, '"anchors"'), detail: `anchors wired ${JSON.stringify(wiredAnchors)} differ from the schema's ${JSON.stringify(spec.governance.anchors)}` }];
  results.push(check('governance-anchors', 5, 'governance escalates to exactly the schema anchors', governanceProblems, [{ file: configFile, line: lineOf(config, '"anchors"'), detail: spec.governance.anchors.join(', ') }]));

  const working = spec.memory.find((m) => m.layer === 'workingmemory');
  const keyspace = /"keyspace": "([^"]*)"/.exec(config)?.[1];
  const memoryProblems = working?.keyspace && keyspace !== working.keyspace ? [{ file: configFile, line: lineOf(config, '"keyspace"'), detail: `working-memory keyspace ${keyspace ?? '(none)'} differs from the schema's ${working.keyspace}` }] : [];
  results.push(check('memory-topology', 5, 'memory topology wired as the schema declares', memoryProblems, [{ file: configFile, detail: `${spec.memory.length} layers declared` }]));

  const sources = listProjectFiles(workspaceRoot, `${root}/src`).filter((f) => f.endsWith('.ts'));
  const cycles = findImportCycles(workspaceRoot, sources);
  const cycleProblems = cycles.map((cycle) => ({ file: cycle.path[0]!, line: cycle.line, detail: `import cycle: ${cycle.path.join(' -> ')}` }));
  results.push(check('no-import-cycles', 5, 'no circular imports inside the agent or between agents', cycleProblems, [{ file: `${root}/src`, detail: `${sources.length} files, no cycle` }]));
  return results;
}
