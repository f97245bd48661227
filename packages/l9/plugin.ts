/**
 * The entry Nx loads as a plugin (`"plugin": "l9/plugin"` in nx.json): only the inferred targets and graph
 * edges, so building the project graph does not load the generators, executors or evidence code.
 */
export { createDependencies, createNodesV2, type L9PluginOptions } from './src/plugin';
export const name = 'l9';
