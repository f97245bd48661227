/**
 * What the generated agent projects need in the workspace to type-check and run their tests (Jest through
 * SWC, the `serve` target through @swc-node/register). `l9:init` adds each one that the workspace's
 * package.json does not name yet, at the range this repository itself builds and tests with.
 */
export const AGENT_TOOLCHAIN: Readonly<Record<string, string>> = {
  '@swc-node/register': '^1.12.1',
  '@swc/core': '^1.16.22',
  '@swc/jest': '^0.2.39',
  '@types/jest': '^30.0.0',
  '@types/node': '^20.19.43',
  jest: '^30.5.2',
  typescript: '~5.9.3',
};
