export { createNodesV2 } from './create-nodes-v2';
export { createDependencies } from './create-dependencies';
export type { L9PluginOptions } from './plugin-options';
