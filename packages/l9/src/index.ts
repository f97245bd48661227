export * from './diagnostics';
export * from './schema';
export * from './graph';
export * from './plan';
