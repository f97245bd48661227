export * from './diagnostics';
export * from './schema';
export * from './graph';
export * from './plan';
export {
  featureFlagDefaults,
  gatePasses,
  loadMetaTemplates,
  roleForModule,
  type MetaTemplates,
} from './meta';
export { createDependencies, createNodesV2, type L9PluginOptions } from './plugin';
export * from './evidence';
