import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { L9GenerationError } from '../shared/report-diagnostics';
import { treeFiles } from '../testing/tree-files';
import { agentGenerator } from './generator';

const SCHEMA = `name: Echo Service
system: L9 Echo
module: echo
role: Echoes what it is sent, with a summary.
governance:
  anchors: [Igor]
  mode: supervised
cursorinstructions:
  generatefiles: [__init__.py, echo_formatter.py, summarizer.py]
  generatedocs: [README.md, CONFIG.md, API_SPEC.md, DEPLOYMENT.md]
deployment:
  endpoints:
    - {name: format_echo, path: /echo/v1/format, method: POST, timeout_ms: 300}
    - {name: summary, path: /echo/v1/summary, method: GET, timeout_ms: 100}
`;

describe('l9:agent', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('schemas/echo.yaml', SCHEMA);
  });

  it('scaffolds agents/<id> with the planned files, wiring each endpoint to its domain module', async () => {
    await agentGenerator(tree, { schema: 'schemas/echo.yaml' });
    const files = Object.keys(treeFiles(tree, 'agents/echo-service')).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'agents/echo-service/agent.yaml',
        'agents/echo-service/src/generated/contract.ts',
        'agents/echo-service/src/generated/wiring.ts',
        'agents/echo-service/src/modules/echo-formatter.ts',
        'agents/echo-service/src/modules/echo-formatter.spec.ts',
        'agents/echo-service/src/modules/index.ts',
        'agents/echo-service/docs/DEPLOYMENT.md',
        'agents/echo-service/docs/openapi.json',
        'agents/echo-service/manifest.json',
      ]),
    );
    const contract = tree.read('agents/echo-service/src/generated/contract.ts', 'utf-8')!;
    expect(contract).toMatch(/"name": "format_echo",[\s\S]*?"operation": "echo-formatter"/);
    expect(contract).toMatch(/"name": "summary",[\s\S]*?"operation": "summarizer"/);
    const openapi = JSON.parse(tree.read('agents/echo-service/docs/openapi.json', 'utf-8')!);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/echo/v1/format',
        '/echo/v1/summary',
        '/echo/status',
        '/echo/packets',
        '/metrics',
      ]),
    );
    const readme = tree.read('agents/echo-service/docs/README.md', 'utf-8')!;
    expect(readme).toContain('curl -s -X POST http://localhost:8000/echo/v1/format');
    // The MCP client snippet: the official SDK's client on the agent's /<prefix>/mcp, calling the example endpoint.
    expect(readme).toContain("new StreamableHTTPClientTransport(new URL('http://localhost:8000/echo/mcp')");
    expect(readme).toContain('client.callTool({ name: \'format_echo\', arguments: {"example": true} })');
  });

  it('plans with the meta templates l9 ships and copies none into the workspace', async () => {
    await agentGenerator(tree, { schema: ['schemas/echo.yaml'] });
    expect(tree.exists('templates/meta')).toBe(false);
  });

  it('asks for --name when the files define several agents, and finds the one named', async () => {
    tree.write('schemas/two.md', '```yaml\nname: Alpha\n```\n\n```yaml\nname: Beta\n```\n');
    await expect(agentGenerator(tree, { schema: 'schemas/two.md' })).rejects.toThrow(
      /choose one with --name/,
    );
    await agentGenerator(tree, { schema: 'schemas/two.md', name: 'beta' });
    expect(tree.exists('agents/beta/agent.yaml')).toBe(true);
    expect(tree.exists('agents/alpha')).toBe(false);
    await expect(agentGenerator(tree, { schema: 'schemas/two.md', name: 'Gamma' })).rejects.toBeInstanceOf(
      L9GenerationError,
    );
  });
});

describe("the schema's deployment.healthcheck", () => {
  it("reaches the runtime as the identity's health path, and an endpoint declared at it is left to the runtime", async () => {
    const tree = createTreeWithEmptyWorkspace();
    const schema = SCHEMA.replace(
      'deployment:\n  endpoints:\n',
      'deployment:\n  healthcheck: /echo/v1/health\n  endpoints:\n    - {name: health, path: /echo/v1/health, method: GET, timeout_ms: 100}\n',
    );
    tree.write('schemas/echo.yaml', schema);
    await agentGenerator(tree, { schema: 'schemas/echo.yaml' });
    const contract = tree.read('agents/echo-service/src/generated/contract.ts', 'utf-8')!;
    expect(contract).toContain('"healthPath": "/echo/v1/health"');
    expect(contract).not.toContain('"name": "health"');
  });
});
