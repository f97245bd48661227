import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { WEATHER_SCHEMAS, writeWeatherSchemas } from './testing/weather-schemas';

type Generators = {
  ecosystemGenerator: typeof import('./ecosystem/generator').ecosystemGenerator;
  agentGenerator: typeof import('./agent/generator').agentGenerator;
  syncGenerator: typeof import('./sync/generator').syncGenerator;
};

/**
 * The generators as `nx g` loads them, with `@nx/devkit` made to fail when anything requires it. The published
 * generators are one bundle whose every top-level import is evaluated on load, and `@nx/devkit` brings some hundred
 * and fifty modules of Nx that `nx g` has not loaded: only l9:init, which edits nx.json and package.json, loads it,
 * when it runs.
 */
function generatorsWithoutDevkit(): Generators {
  let loaded: Generators | undefined;
  jest.isolateModules(() => {
    jest.doMock('@nx/devkit', () => {
      throw new Error('@nx/devkit was loaded');
    });
    /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the mock above, in its own registry */
    loaded = {
      ecosystemGenerator: require('./ecosystem/generator').ecosystemGenerator,
      agentGenerator: require('./agent/generator').agentGenerator,
      syncGenerator: require('./sync/generator').syncGenerator,
    };
    require('./init/generator');
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return loaded!;
}

describe('the generators without @nx/devkit', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    // No base, so generation writes one (as the devkit's writeJson would).
    tree.delete('tsconfig.base.json');
    writeWeatherSchemas(tree);
  });

  it('load, and generate, regenerate and sync an ecosystem and a standalone agent without it', async () => {
    const { ecosystemGenerator, agentGenerator, syncGenerator } = generatorsWithoutDevkit();
    await ecosystemGenerator(tree, { schema: WEATHER_SCHEMAS, name: 'weather-desk' });
    expect(tree.exists('agents/weather-desk/plan.lock.json')).toBe(true);
    expect(JSON.parse(tree.read('agents/forecast-engine/tsconfig.json', 'utf-8')!).extends).toBe(
      '../../tsconfig.base.json',
    );
    expect(tree.exists('tsconfig.base.json')).toBe(true);

    tree.write(
      'schemas/echo.yaml',
      tree.read(WEATHER_SCHEMAS[0]!, 'utf-8')!.replace(/WeatherIngest/g, 'Echo'),
    );
    await agentGenerator(tree, { schema: 'schemas/echo.yaml' });
    expect(tree.exists('agents/echo/agent.yaml')).toBe(true);
    expect(await syncGenerator(tree)).toBeUndefined();
  });
});
