import { renderJestConfig } from './project-files';
import type { AgentRenderContext } from './render-context';

interface JestConfig {
  transform: Record<string, unknown>;
  transformIgnorePatterns: string[];
}

/** The generated jest.config.cjs evaluated as Jest loads it (with l9/jest-agent.cjs, in a workspace without a preset), with `__dirname` an agent's folder. */
function generatedConfig(): JestConfig {
  const ctx = {
    spec: { id: 'ledger-reconciler', name: 'LedgerReconciler' },
    projectRoot: 'agents/ledger-reconciler',
    workspace: { tsconfigBase: 'tsconfig.base.json', jestPreset: null },
  } as AgentRenderContext;
  const module = { exports: {} as JestConfig };
  new Function('module', 'require', '__dirname', renderJestConfig(ctx))(
    module,
    require,
    '/ws/agents/ledger-reconciler',
  );
  return module.exports;
}

/** What Jest does with a file: skipped when any ignore pattern matches it, else compiled by the first transform that matches. */
function compiles(config: JestConfig, file: string): boolean {
  if (config.transformIgnorePatterns.some((pattern) => new RegExp(pattern).test(file))) return false;
  return Object.keys(config.transform).some((pattern) => new RegExp(pattern).test(file));
}

describe('the generated jest.config.cjs', () => {
  const config = generatedConfig();

  it.each([
    ['hoisted', '/ws/node_modules/cookie/dist/index.js'],
    // express 5 (the A2A and MCP SDKs) hoists its cookie 0.7; fastify's cookie 2 then sits under light-my-request.
    [
      'nested under the package that needs it',
      '/ws/node_modules/light-my-request/node_modules/cookie/dist/index.js',
    ],
    [
      'jose nested under an SDK',
      '/ws/node_modules/@modelcontextprotocol/sdk/node_modules/jose/dist/webapi/index.js',
    ],
  ])('compiles the ESM-only cookie and jose to CommonJS wherever npm installed them: %s', (_where, file) => {
    expect(compiles(config, file)).toBe(true);
  });

  it.each([
    '/ws/node_modules/fastify/fastify.js',
    '/ws/node_modules/light-my-request/lib/cookies.js',
    '/ws/node_modules/cookie-signature/index.js',
    '/ws/node_modules/jose/node_modules/some-helper/index.js',
  ])('leaves every other installed file as it is: %s', (file) => {
    expect(compiles(config, file)).toBe(false);
  });
});
