import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentPorts, type DeployedAgent, type DeploymentPlan } from '../deployment-plan';

export interface FakeAgentSpec {
  id: string;
  wave: number;
  /** Written to stderr before exiting with code 3, instead of serving. */
  failWith?: string;
}

/** A tiny agent process: answers `GET /<id>/health` like an embedded agent; stops on SIGTERM. */
function fakeMain(spec: FakeAgentSpec): string {
  if (spec.failWith)
    return `process.stderr.write(${JSON.stringify(`${spec.failWith}\n`)});\nprocess.exit(3);\n`;
  return [
    "import { createServer } from 'node:http';",
    'const server = createServer((request, response) => {',
    `  const ok = request.url === '/${spec.id}/health';`,
    "  response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });",
    "  response.end(JSON.stringify(ok ? { status: 'ok', backends: [{ name: 'memory', kind: 'memory', status: 'up' }], env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('L9_'))) } : {}));",
    '});',
    "server.listen(Number(process.env.L9_PORT), '127.0.0.1');",
    "process.on('SIGTERM', () => server.close(() => process.exit(0)));",
    '',
  ].join('\n');
}

/**
 * The same agent as a member of a host bundle: `src/generated/wiring.ts` exporting `createAgent(env)`, which
 * reads nothing but the env map it is handed, and answers `/<id>/health` with the L9_ variables of that map.
 */
function fakeWiring(spec: FakeAgentSpec): string {
  if (spec.failWith)
    return `export async function createAgent(): Promise<never> {\n  throw new Error(${JSON.stringify(spec.failWith)});\n}\n`;
  return [
    "import { createServer } from 'node:http';",
    'export async function createAgent(env: NodeJS.ProcessEnv) {',
    '  const server = createServer((request, response) => {',
    `    const ok = request.url === '/${spec.id}/health';`,
    "    response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });",
    "    response.end(JSON.stringify(ok ? { status: 'ok', backends: [{ name: 'memory', kind: 'memory', status: 'up' }], env: Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('L9_'))) } : {}));",
    '  });',
    '  return {',
    "    listen: () => new Promise<string>((resolve) => server.listen(Number(env.L9_PORT), '127.0.0.1', () => resolve(`http://127.0.0.1:${env.L9_PORT}`))),",
    '    close: () => new Promise<void>((resolve) => server.close(() => resolve())),',
    '    security: () => ({ insecure: false }),',
    '  };',
    '}',
    '',
  ].join('\n');
}

/**
 * An ecosystem of fake agents under the workspace's `tmp/` (git ignores it), each a TypeScript `src/main.ts`
 * that a deployment bundles like a generated agent's (and a `createAgent` its host bundle imports), in plan order on `ports` (a base, or one port per agent).
 */
export function fakeDeploymentPlan(
  workspace: string,
  specs: readonly FakeAgentSpec[],
  ports: number | readonly number[],
): DeploymentPlan {
  const portOf = agentPorts(ports, specs.length);
  mkdirSync(join(workspace, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(workspace, 'tmp', 'deploy-'));
  const ecosystemRoot = join(dir, 'fake-ecosystem');
  mkdirSync(ecosystemRoot);
  const agents = specs.map((spec, index): DeployedAgent => {
    const projectRoot = join(dir, spec.id);
    mkdirSync(join(projectRoot, 'src'), { recursive: true });
    writeFileSync(join(projectRoot, 'src', 'main.ts'), fakeMain(spec));
    mkdirSync(join(projectRoot, 'src', 'generated'), { recursive: true });
    writeFileSync(join(projectRoot, 'src', 'generated', 'wiring.ts'), fakeWiring(spec));
    return {
      id: spec.id,
      name: `${spec.id}-agent`,
      routePrefix: spec.id,
      wave: spec.wave,
      port: portOf[index]!,
      peers: specs.slice(0, index).map((s) => s.id),
      projectRoot,
    };
  });
  const waves = [...new Set(specs.map((s) => s.wave))]
    .sort()
    .map((wave) => agents.filter((a) => a.wave === wave));
  return { ecosystem: 'fake-ecosystem', ecosystemRoot, agents, waves };
}
